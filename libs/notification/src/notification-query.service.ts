import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MAIL_TEMPLATE_LABELS, MailTemplateName } from './mail-templates';
import { NotificationStatus } from './notification.entity';

/** What non-admins see instead of a raw SMTP error (it may name servers, accounts or addresses). */
export const GENERIC_DELIVERY_ERROR = 'Zustellung fehlgeschlagen';

/** The raw SMTP error for admins, a generic German text for everyone else. */
export function deliveryError(lastError: string | null, rawErrors: boolean): string | null {
  if (!lastError) return null;
  return rawErrors ? lastError : GENERIC_DELIVERY_ERROR;
}

export interface NotificationRow {
  id: string;
  template: string;
  templateLabel: string;
  status: NotificationStatus;
  recipientKind: string;
  recipientInstitution: string | null;
  referralId: string | null;
  conferenceId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * Mails of one JBA, for its coordinators: what went out, what is stuck, what failed. Raw SMTP
 * errors only for admins (`rawErrors`).
 */
@Injectable()
export class NotificationQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forJba(
    jbaId: string,
    status: NotificationStatus | undefined,
    limit: number,
    rawErrors: boolean,
  ): Promise<NotificationRow[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `select n.id, n.template, n.status, n.recipient_kind, i.name as inst_name, n.referral_id, n.conference_id,
              n.attempts, n.last_error, n.created_at, n.sent_at
         from notification n
         left join institution i on i.id = n.recipient_institution_id
         left join referral r on r.id = n.referral_id
         left join conference c on c.id = n.conference_id
        where coalesce(c.jba_id, r.jba_id, i.jba_id) = $1 and ($2::text is null or n.status = $2)
        order by n.created_at desc limit $3`,
      [jbaId, status ?? null, limit],
    );
    return rows.map((n) => ({
      id: n.id,
      template: n.template,
      templateLabel: MAIL_TEMPLATE_LABELS[n.template as MailTemplateName] ?? n.template,
      status: n.status,
      recipientKind: n.recipient_kind,
      recipientInstitution: n.inst_name,
      referralId: n.referral_id,
      conferenceId: n.conference_id,
      attempts: n.attempts,
      lastError: deliveryError(n.last_error, rawErrors),
      createdAt: new Date(n.created_at).toISOString(),
      sentAt: n.sent_at ? new Date(n.sent_at).toISOString() : null,
    }));
  }
}
