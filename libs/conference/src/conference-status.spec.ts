import { ConferenceStatus } from './conference.entity';
import { conferenceStatusLabel } from './conference.service';

describe('conferenceStatusLabel', () => {
  const now = Date.parse('2027-03-01T10:00:00Z');
  const before = new Date(now + 3600_000);
  const after = new Date(now - 3600_000);
  const none = { agenda: 0, proposed: 0, total: 0 };

  it('says the call went out until the referral deadline', () => {
    expect(
      conferenceStatusLabel(
        { status: ConferenceStatus.CALL_SENT, referralDeadline: before },
        none,
        now,
      ),
    ).toBe('Aufruf zur Fallmeldung versandt');
  });

  it('says the deadline passed once it has, and that the selection runs', () => {
    expect(
      conferenceStatusLabel(
        { status: ConferenceStatus.CALL_SENT, referralDeadline: after },
        none,
        now,
      ),
    ).toBe('Meldeschluss erreicht');
    expect(
      conferenceStatusLabel(
        { status: ConferenceStatus.CALL_SENT, referralDeadline: before },
        { agenda: 0, proposed: 7, total: 7 },
        now,
      ),
    ).toBe('Meldeschluss erreicht – Auswahl läuft');
    expect(
      conferenceStatusLabel(
        { status: ConferenceStatus.SELECTING, referralDeadline: after },
        none,
        now,
      ),
    ).toBe('Meldeschluss erreicht – Auswahl läuft');
  });

  it('names the agenda once it is set', () => {
    expect(
      conferenceStatusLabel(
        { status: ConferenceStatus.AGENDA_SET, referralDeadline: after },
        { agenda: 3, proposed: 0, total: 300 },
        now,
      ),
    ).toBe('Tagesordnung steht');
  });
});
