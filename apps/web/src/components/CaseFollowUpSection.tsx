import { useState } from 'react';
import { api } from '../api';
import type { CaseFollowUp, ProtocolSummary } from '../api';
import { formatDateTime } from '../format';
import { useResource } from '../hooks';
import { FollowUpDecisions, FollowUpMeasures } from './FollowUpMeasures';
import { ProtocolCorrection } from './ProtocolCorrection';
import { ProtocolVersions } from './ProtocolVersions';
import { ErrorMessage, Loading, Notice } from './Status';

/** A closed case keeps its protocols as they are (the API refuses corrections with 409). */
const FINISHED: ReadonlySet<string> = new Set(['closed', 'consent-revoked']);

interface CaseFollowUpSectionProps {
  caseId: string;
  /** When the case moves on (finalized, reviewed, closed), the section loads again. */
  status: string;
}

/** "Protokolle und Nachverfolgung": protocols with versions, measures, reviews, outcome. */
export function CaseFollowUpSection({ caseId, status }: CaseFollowUpSectionProps) {
  const followUp = useResource(`follow-up:${caseId}:${status}`, (signal) =>
    api.caseFollowUp(caseId, signal),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const data = followUp.data;

  if (!data) {
    if (followUp.loading) return <Loading label="Protokolle werden geladen …" />;
    return followUp.error && followUp.error.status !== 404 ? (
      <ErrorMessage error={followUp.error} />
    ) : null;
  }
  if (data.protocols.length === 0 && data.decisions.length === 0) return null;

  return (
    <section aria-labelledby="case-follow-up-heading" className="case-follow-up">
      <h2 id="case-follow-up-heading">Protokolle und Nachverfolgung</h2>
      {data.outcomeLabel && (
        <p className="alert alert-success follow-up__outcome" role="status">
          <strong>Verbleib: {data.outcomeLabel}</strong>
        </p>
      )}
      {notice && <Notice tone="success">{notice}</Notice>}
      {data.protocols.map((protocol) => (
        <ProtocolCard
          key={protocol.id}
          protocol={protocol}
          correctable={protocol.correctable && !FINISHED.has(status)}
          onCorrected={(next, version) => {
            followUp.setData(next);
            setNotice(`Die Berichtigung ist als Version ${version} gespeichert und wird verteilt.`);
          }}
        />
      ))}
      <h3>Maßnahmen</h3>
      <FollowUpMeasures measures={data.measures} />
      {data.decisions.length > 0 && (
        <>
          <h3>Entscheidungen</h3>
          <FollowUpDecisions decisions={data.decisions} />
        </>
      )}
    </section>
  );
}

interface ProtocolCardProps {
  protocol: ProtocolSummary;
  correctable: boolean;
  onCorrected: (followUp: CaseFollowUp, version: number) => void;
}

function ProtocolCard({ protocol, correctable, onCorrected }: ProtocolCardProps) {
  const [correcting, setCorrecting] = useState(false);
  const headingId = `protocol-${protocol.id}-heading`;
  return (
    <article
      className="card protocol-card"
      aria-labelledby={headingId}
      data-protocol-id={protocol.id}
    >
      <div className="protocol-card__heading">
        <h3 id={headingId}>
          Protokoll der Fallkonferenz {formatDateTime(protocol.conferenceStartsAt)}
        </h3>
        <span className="badge badge-status">{protocol.stateLabel}</span>
        {correctable && !correcting && (
          <button
            type="button"
            className="button-small button-secondary protocol-card__action"
            onClick={() => setCorrecting(true)}
          >
            Berichtigen
          </button>
        )}
      </div>
      <p className="muted">{protocol.conferencePlace}</p>
      <ProtocolVersions protocol={protocol} />
      {correcting && (
        <ProtocolCorrection
          protocolId={protocol.id}
          onCancel={() => setCorrecting(false)}
          onCorrected={(next) => {
            setCorrecting(false);
            const updated = next.protocols.find((p) => p.id === protocol.id);
            onCorrected(next, updated?.currentVersion ?? protocol.currentVersion + 1);
          }}
        />
      )}
    </article>
  );
}
