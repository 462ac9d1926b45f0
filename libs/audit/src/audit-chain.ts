import { createHash } from 'node:crypto';

/**
 * The audit's hash chain, recomputed outside the database. The database computes the same in
 * its trigger `audit_entry_chain` (migration 1796198400000-audit-chain): each row's hash is
 * SHA-256 (hex) over its canonical text, which ends with the previous row's hash.
 */

/** The previous hash of the first row of a chain that was never pruned. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface AuditChainRow {
  seq: string;
  id: string;
  /** UTC, to the millisecond, as `Date.toISOString()` writes it. */
  at: string;
  action: string;
  actorUserId: string | null;
  recipientInstitutionId: string | null;
  referralId: string | null;
  consentId: string | null;
  /** `detail::text`: the jsonb as PostgreSQL prints it (keys sorted, `": "` and `", "`). */
  detail: string;
  prevHash: string;
}

/** One field a line, NULL as an empty line; the format tag first. */
export function auditCanonicalText(row: AuditChainRow): string {
  return [
    'lotse-audit-v1',
    row.seq,
    row.id,
    row.at,
    row.action,
    row.actorUserId ?? '',
    row.recipientInstitutionId ?? '',
    row.referralId ?? '',
    row.consentId ?? '',
    row.detail,
    row.prevHash,
  ].join('\n');
}

export function auditRowHash(row: AuditChainRow): string {
  return createHash('sha256').update(auditCanonicalText(row), 'utf8').digest('hex');
}

export type AuditChainResult =
  | { ok: true; rows: number; fromSeq: number; toSeq: number; anchorSeq: number | null }
  | {
      ok: false;
      rows: number;
      seq: string;
      id: string;
      problem: 'edited' | 'gap' | 'wrong-link';
      message: string;
    };

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const BATCH = 5000;

/**
 * Walks the chain from the newest anchor (or the start) in `seq` order and checks each row: its
 * seq follows the previous one (else rows are missing: `gap`), its prev_hash is the previous
 * row's hash (`wrong-link`), its hash is that of its fields (`edited`). Reports the first
 * broken row. Needs only SELECT on audit_entry and audit_chain_anchor.
 */
export async function verifyAuditChain(query: Query): Promise<AuditChainResult> {
  const [anchor] = await query(
    `select a.seq::text as seq, a.hash from audit_chain_anchor a order by a.seq desc limit 1`,
  );
  const anchorSeq = anchor ? Number(anchor.seq) : null;
  let expectedSeq = (anchorSeq ?? 0) + 1;
  let prevHash = anchor ? String(anchor.hash) : AUDIT_GENESIS_HASH;
  let rows = 0;
  let after = anchorSeq ?? 0;
  let first: number | null = null;
  for (;;) {
    const batch = await query(
      `select seq::text as seq, id::text as id,
              to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
              action, actor_user_id::text as actor, recipient_institution_id::text as recipient,
               referral_id::text as referral, consent_id::text as consent,
              detail::text as detail, prev_hash, hash
         from audit_entry e where e.seq > $1 order by e.seq limit ${BATCH}`,
      [after],
    );
    for (const r of batch) {
      const seq = Number(r.seq);
      const id = String(r.id);
      const at = String(r.at);
      if (first === null) first = seq;
      const broken = (problem: 'edited' | 'gap' | 'wrong-link', message: string) =>
        ({ ok: false, rows, seq: String(r.seq), id, problem, message }) as const;
      if (seq !== expectedSeq) {
        return broken(
          'gap',
          seq > expectedSeq
            ? `rows ${expectedSeq}${seq - 1 > expectedSeq ? `–${seq - 1}` : ''} are missing before seq ${seq} (id ${id})`
            : `seq ${seq} (id ${id}) repeats or goes back (expected ${expectedSeq})`,
        );
      }
      if (r.prev_hash !== prevHash) {
        return broken(
          'wrong-link',
          `seq ${seq} (id ${id}) does not link to the row before it (prev_hash ${String(r.prev_hash).slice(0, 12)}…, expected ${prevHash.slice(0, 12)}…)`,
        );
      }
      // `at` is kept to the millisecond; a time with microseconds was written by hand.
      const exact = /^(.*\.\d{3})000Z$/.exec(at);
      const recomputed = exact
        ? auditRowHash({
            seq: String(r.seq),
            id,
            at: `${exact[1]}Z`,
            action: String(r.action),
            actorUserId: (r.actor as string | null) ?? null,
            recipientInstitutionId: (r.recipient as string | null) ?? null,
            referralId: (r.referral as string | null) ?? null,
            consentId: (r.consent as string | null) ?? null,
            detail: String(r.detail),
            prevHash,
          })
        : null;
      if (recomputed !== r.hash) {
        return broken(
          'edited',
          `seq ${seq} (id ${id}) was changed after it was written (its hash does not match its fields)`,
        );
      }
      rows++;
      prevHash = String(r.hash);
      expectedSeq = seq + 1;
      after = seq;
    }
    if (batch.length < BATCH) break;
  }
  return { ok: true, rows, fromSeq: first ?? expectedSeq, toSeq: expectedSeq - 1, anchorSeq };
}
