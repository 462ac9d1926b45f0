import type { Conference, ConferenceStatus } from '../api';

const TONES: Partial<Record<ConferenceStatus, string>> = {
  held: 'badge-success',
  cancelled: 'badge-cancelled',
};

/** The status of a conference as a badge ("Geplant", "Eingeladen", "Abgesagt" …). */
export function ConferenceStatusBadge({
  conference,
}: {
  conference: Pick<Conference, 'status' | 'statusLabel'>;
}) {
  return (
    <span className={`badge badge--flush ${TONES[conference.status] ?? 'badge-status'}`}>
      {conference.statusLabel}
    </span>
  );
}
