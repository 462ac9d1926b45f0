import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { MAIL_QUEUE } from '@lotse/notification';
import { eventually, Lotse, mailbox, startLotse } from '../harness/lotse';

/**
 * A mail's job can end without its row being updated: the worker looked for the row before the
 * transaction that wrote it was visible, or the database was away when it wanted to record the
 * outcome. The row stays `queued`; the worker's sweep hands the finished job out again, and the
 * mail reaches its recipient once.
 */
describe('Mails left queued behind a finished job', () => {
  let lotse: Lotse;
  let queue: Queue;

  beforeAll(async () => {
    lotse = await startLotse({ api: false });
    queue = lotse.worker!.get<Queue>(getQueueToken(MAIL_QUEUE));
  });
  afterAll(async () => {
    await lotse?.close();
  });

  it('are delivered by the sweep, once', async () => {
    const id = randomUUID();
    const to = `sweep-${id.slice(0, 8)}@schule.example`;
    // The job runs before its row exists: the worker finds nothing to send and completes it.
    await queue.add('send-mail', { notificationId: id }, { jobId: id, attempts: 3 });
    await eventually(
      async () => ((await queue.getJobState(id)) === 'completed' ? true : undefined),
      {
        what: 'the job without a row to complete',
      },
    );
    await lotse.db.query(
      `insert into notification (id, dedup_key, template, params, recipient_kind, recipient_email, created_at)
       values ($1, $2, 'consent-reminder', $3, 'institution', $4, now() - interval '1 minute')`,
      [
        id,
        `sweep-test:${id}`,
        JSON.stringify({ reference: 'JBA-SWEEP', reason: 'Test', link: 'http://lotse.test/x' }),
        to,
      ],
    );

    const row = await eventually(
      async () => {
        const [r] = await lotse.db.query(`select status from notification where id = $1`, [id]);
        return r.status === 'sent' ? r : undefined;
      },
      { what: 'the sweep to deliver the mail', timeoutMs: 30_000 },
    );
    expect(row.status).toBe('sent');
    // Further sweeps leave a sent mail alone.
    await new Promise((r) => setTimeout(r, 5000));
    const mails = await mailbox.all({ to });
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Erinnerung: Einwilligung für Fallmeldung JBA-SWEEP fehlt');
  });
});
