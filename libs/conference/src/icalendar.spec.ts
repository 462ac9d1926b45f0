import { escapeText, foldLine, icalendar } from './icalendar';

describe('icalendar', () => {
  const event = {
    uid: 'c1@lotse',
    sequence: 2,
    start: new Date('2027-03-10T08:30:00Z'),
    end: new Date('2027-03-10T10:30:00Z'),
    summary: 'Fallkonferenz, Jugendberufsagentur Eschweiler',
    location: 'Berufskolleg; Raum 104',
    description: 'Meldeschluss: 24.02.2027',
    cancelled: false,
    updated: new Date('2027-01-01T00:00:00Z'),
  };

  it('writes a calendar with CRLF lines and UTC times', () => {
    const ics = icalendar('Fallkonferenzen', [event], new Date('2027-01-02T03:04:05Z'));
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20270310T083000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20270102T030405Z\r\n');
    expect(ics).toContain('\r\nSEQUENCE:2\r\n');
    expect(ics).toContain('\r\nLOCATION:Berufskolleg\\; Raum 104\r\n');
    expect(ics).toContain('\r\nSUMMARY:Fallkonferenz\\, Jugendberufsagentur Eschweiler\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('marks cancelled dates', () => {
    expect(icalendar('x', [{ ...event, cancelled: true }])).toContain('STATUS:CANCELLED');
  });

  it('escapes text and folds long lines at 75 octets', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = foldLine('DESCRIPTION:' + 'ä'.repeat(60));
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
  });

  it('escapes every line break, a bare CR too, and drops other control characters', () => {
    expect(escapeText('a\rb\nc\r\nd\u0007e;f,g\\h')).toBe('a\\nb\\nc\\nd' + 'e\\;f\\,g\\\\h');
    const ics = icalendar('JBA\rX-EVIL:1', [{ ...event, location: 'Raum\rBEGIN:VEVENT' }]);
    expect(ics).not.toMatch(/\r(?!\n)/);
    expect(ics.split('\r\n').filter((l) => l.startsWith('X-EVIL') || l === 'BEGIN:VEVENT')).toEqual(
      ['BEGIN:VEVENT'],
    );
  });
});
