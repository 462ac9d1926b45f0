import { conferenceLabel, searchWords } from './tasklist.service';

describe('Task list search and labels', () => {
  it('splits the search into words (NFC), at most eight', () => {
    expect(searchWords('  FM-2026-00012   Lena ')).toEqual(['FM-2026-00012', 'Lena']);
    expect(searchWords('Mu\u0308ller')).toEqual(['Müller']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8);
  });

  it('labels a conference with its date and time in German local time', () => {
    // 13:00 UTC in March (before the change to summer time) is 14:00 in Germany
    expect(conferenceLabel(new Date('2027-03-12T13:00:00Z'))).toBe(
      'Fallkonferenz am 12.03.2027, 14:00 Uhr',
    );
    // summer time: UTC+2
    expect(conferenceLabel(new Date('2027-06-01T07:30:00Z'))).toBe(
      'Fallkonferenz am 01.06.2027, 09:30 Uhr',
    );
  });
});
