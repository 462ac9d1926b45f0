import type { Consent } from '../api';
import { formatDate, formatDateTime, grantorLabel } from '../format';
import '../styles/case.css';

interface ConsentCardProps {
  consent: Consent;
  canRevoke: boolean;
  onRevoke: (consent: Consent) => void;
}

/** One consent at a glance: who signed when, whether it counts, its recipients and purposes. */
export function ConsentCard({ consent, canRevoke, onRevoke }: ConsentCardProps) {
  const headingId = `consent-${consent.id}-heading`;
  const ended = Boolean(consent.revokedAt) || !consent.valid;
  return (
    <article
      className={`card consent-card${ended ? ' consent-card--ended' : ''}`}
      aria-labelledby={headingId}
      data-consent-id={consent.id}
    >
      <h3 id={headingId}>
        Einwilligung vom {formatDate(consent.signedOn)}
        {consent.revokedAt ? (
          <span className="badge badge-danger badge--flush">widerrufen</span>
        ) : consent.valid ? (
          <span className="badge badge-success badge--flush">gültig</span>
        ) : (
          <span className="badge badge-danger badge--flush">nicht gültig</span>
        )}
      </h3>
      <dl className="facts">
        <dt>Unterschrieben von</dt>
        <dd>
          {consent.grantedBy ? (
            grantorLabel(consent.grantedBy)
          ) : (
            <span className="muted">keine Angabe ohne Einwilligung</span>
          )}
          {consent.guardianNames.length > 0 && ` (${consent.guardianNames.join(', ')})`}
        </dd>
        {!consent.valid && consent.invalidReason && !consent.revokedAt && (
          <>
            <dt>Warum nicht gültig</dt>
            <dd>{consent.invalidReason.message}</dd>
          </>
        )}
        <dt>Empfänger</dt>
        <dd>
          <ul aria-label="Empfänger">
            {consent.recipientInstitutions.map((institution) => (
              <li key={institution.id}>{institution.name}</li>
            ))}
          </ul>
        </dd>
        <dt>Zwecke</dt>
        <dd>
          <ul aria-label="Zwecke">
            {consent.purposeLabels.map((label) => (
              <li key={label}>{label}</li>
            ))}
          </ul>
        </dd>
        <dt>Dokument</dt>
        <dd>
          {consent.documentHash ? (
            <>
              Fingerabdruck (SHA-256){' '}
              <span className="mono" title={consent.documentHash}>
                {consent.documentHash.slice(0, 12)}…
              </span>
            </>
          ) : (
            <>Kein Scan: {consent.paperOnlyReason}</>
          )}
        </dd>
        <dt>Erfasst</dt>
        <dd>{formatDateTime(consent.recordedAt)}</dd>
        {consent.revokedAt && (
          <>
            <dt>Widerruf</dt>
            <dd>
              {consent.revocationDeclaredOn
                ? `erklärt am ${formatDate(consent.revocationDeclaredOn)}, `
                : ''}
              erfasst {formatDateTime(consent.revokedAt)}
              {consent.revocationReason && (
                <>
                  <br />
                  Grund: {consent.revocationReason}
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {canRevoke && !consent.revokedAt && (
        <div className="form-actions">
          <button
            type="button"
            className="button-danger-outline button-small"
            onClick={() => onRevoke(consent)}
          >
            Widerruf erfassen …
          </button>
        </div>
      )}
    </article>
  );
}
