import { AuditAction } from '@lotse/audit';
import { auditCsv, csvField } from './audit-csv';
import { parseAuditFilter, parseCalendarDate } from './audit-filter';
import { AUDIT_ACTION_LABELS, auditDetailText } from './audit-labels';

describe('audit extract of the data protection officer', () => {
  it('has a German label for every audit action', () => {
    for (const action of Object.values(AuditAction)) {
      expect(AUDIT_ACTION_LABELS[action]).toMatch(/\S/);
    }
  });

  it('writes CSV for German Excel: BOM, header, ";" and quoted fields', () => {
    const csv = auditCsv([
      {
        id: '1',
        at: '2026-03-05T13:30:07.000Z',
        action: 'personal-data-read',
        actionLabel: 'Personenbezogene Daten abgerufen',
        actor: { id: 'u', username: 'aa.sachbearbeitung', displayName: 'Sachbearbeitung AA' },
        institution: { id: 'i', name: 'Agentur für Arbeit; Berufsberatung' },
        case: { id: 'c', reference: 'FM-2026-00042' },
        consent: { id: 'k', signedOn: '2026-03-01' },
        details: 'Ansicht: "case-view"',
      },
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row, end] = csv.slice(1).split('\r\n');
    expect(header).toBe('Zeitpunkt;Aktion;Mitarbeiter*in;Institution;Fall;Einwilligung;Details');
    expect(row).toBe(
      '05.03.2026 14:30:07;Personenbezogene Daten abgerufen;Sachbearbeitung AA (aa.sachbearbeitung);' +
        '"Agentur für Arbeit; Berufsberatung";FM-2026-00042;vom 01.03.2026 (k);"Ansicht: ""case-view"""',
    );
    expect(end).toBe('');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
  });

  it('renders the detail with German keys', () => {
    expect(auditDetailText({ where: 'case-view', version: 2, skip: null })).toBe(
      'Ansicht: case-view; Version: 2',
    );
  });

  it('reads German and ISO dates and names each bad filter', () => {
    expect(parseCalendarDate('05.03.2026')).toBe('2026-03-05');
    expect(parseCalendarDate('2026-03-05')).toBe('2026-03-05');
    expect(parseCalendarDate('31.02.2026')).toBeNull();
    expect(
      parseAuditFilter({ from: '10.03.2026', to: '2026-03-01', format: 'xls' }).errors,
    ).toEqual([
      { field: 'to', messages: ['to darf nicht vor from liegen'] },
      { field: 'format', messages: ['format muss csv oder json sein'] },
    ]);
    expect(parseAuditFilter({ from: 'gestern' }).errors.map((e) => e.field)).toEqual(['from']);
    expect(parseAuditFilter({ case: ' FM-2026-00001 ', format: 'csv' }).filter).toEqual({
      caseKey: 'FM-2026-00001',
      staffKey: null,
      from: null,
      to: null,
      format: 'csv',
    });
  });
});
