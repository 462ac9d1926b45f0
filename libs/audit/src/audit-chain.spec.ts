import { AUDIT_GENESIS_HASH, auditCanonicalText, AuditChainRow, auditRowHash } from './audit-chain';

/**
 * The canonical form of an audit row must be reproducible outside the database: these vectors
 * were computed by PostgreSQL's trigger `audit_entry_chain` (migration 1796198400000), so Node
 * and the database agree byte for byte (jsonb as PostgreSQL prints it, UTC to the millisecond).
 */
describe('audit hash chain', () => {
  const first: AuditChainRow = {
    seq: '1',
    id: '1',
    at: '2026-12-01T21:21:54.556Z',
    action: 'x',
    actorUserId: null,
    recipientInstitutionId: null,
    referralId: null,
    consentId: null,
    detail: '{"a": [1.0, "ü"], "b": 1}',
    prevHash: AUDIT_GENESIS_HASH,
  };

  it('writes one field a line, NULL as an empty line, the previous hash last', () => {
    expect(auditCanonicalText(first)).toBe(
      [
        'lotse-audit-v1',
        '1',
        '1',
        '2026-12-01T21:21:54.556Z',
        'x',
        '',
        '',
        '',
        '',
        '{"a": [1.0, "ü"], "b": 1}',
        '0'.repeat(64),
      ].join('\n'),
    );
  });

  it('hashes as the database does (SHA-256 over the UTF-8 text, hex)', () => {
    expect(auditRowHash(first)).toBe(
      '05f83ff70983273993e61f8e44cf70280fc95f8656b9d8c1fd3e10ea4aee794b',
    );
    expect(
      auditRowHash({
        seq: '6',
        id: '6',
        at: '2026-12-01T21:24:23.385Z',
        action: 'personal-data-read',
        actorUserId: '0a000000-0000-4000-8000-0000000000a1',
        recipientInstitutionId: '0a000000-0000-4000-8000-0000000000a3',
        referralId: '11111111-2222-4333-8444-555555555555',
        consentId: '66666666-7777-4888-8999-aaaaaaaaaaaa',
        detail: '{"n": 1.50, "basis": "consent", "where": "referral-view"}',
        prevHash: 'd829be22787137565b6645622b844363ff8b766a83b9da2774d1ea14e1f9cb5b',
      }),
    ).toBe('5a48c59da843e46c4392b30b0e1b6b356ccea0de34f7588129f697177e7844a9');
  });

  it('changes with every field, the link to the previous row included', () => {
    const base = auditRowHash(first);
    const variants: Array<Partial<AuditChainRow>> = [
      { seq: '2' },
      { id: '2' },
      { at: '2026-12-01T21:21:54.557Z' },
      { action: 'y' },
      { actorUserId: '0a000000-0000-4000-8000-0000000000a1' },
      { recipientInstitutionId: '0a000000-0000-4000-8000-0000000000a1' },
      { referralId: '0a000000-0000-4000-8000-0000000000a1' },
      { consentId: '0a000000-0000-4000-8000-0000000000a1' },
      { detail: '{"a": [1.0, "ü"], "b": 2}' },
      { prevHash: '1'.repeat(64) },
    ];
    const hashes = variants.map((v) => auditRowHash({ ...first, ...v }));
    expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
  });
});
