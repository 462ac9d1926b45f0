import type { ProtocolSummary, ProtocolVersionSummary } from '../api';
import { formatDateTime, plural } from '../format';

/** The versions of one protocol: who finalized when, why corrected, the PDF, who received it. */
export function ProtocolVersions({ protocol }: { protocol: ProtocolSummary }) {
  if (protocol.versions.length === 0) {
    return <p className="muted">Noch nicht abgeschlossen (Entwurf).</p>;
  }
  return (
    <ol className="protocol-versions" reversed>
      {[...protocol.versions].reverse().map((v) => (
        <VersionItem key={v.version} version={v} />
      ))}
    </ol>
  );
}

function VersionItem({ version: v }: { version: ProtocolVersionSummary }) {
  return (
    <li className="protocol-version" data-version={v.version}>
      <p className="protocol-version__title">
        <strong>Version {v.version}</strong>{' '}
        <span className="muted">
          abgeschlossen {formatDateTime(v.finalizedAt)} von {v.finalizedByName}
        </span>
      </p>
      {v.correctionReason && (
        <p>
          Berichtigung: <span className="prewrap">{v.correctionReason}</span>
        </p>
      )}
      <p className="protocol-version__file">
        <span>
          SHA-256:{' '}
          <code className="mono" title={v.sha256}>
            {v.sha256.slice(0, 12)}…
          </code>
        </span>
        {v.downloadable && v.pdfHref && (
          // The session is a cookie: a plain link downloads with the user's sign-in.
          <a
            className="button-link button-secondary button-small"
            href={v.pdfHref}
            download={v.fileName}
          >
            PDF herunterladen
            <span className="visually-hidden"> (Version {v.version})</span>
          </a>
        )}
        <span className="muted">{plural(v.downloads, 'Abruf', 'Abrufe')}</span>
      </p>
      {v.deliveries.length > 0 && (
        <ul
          className="plain-list protocol-version__deliveries"
          aria-label={`Verteilung der Version ${v.version}`}
        >
          {v.deliveries.map((d, i) => (
            <li key={`${d.institutionName}-${i}`} className={d.status === 'sent' ? '' : 'muted'}>
              an {d.institutionName}: {d.label}
              <span className="muted"> ({formatDateTime(d.at)})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
