import { AuditChainAnchor, AuditEntry } from '@lotse/audit';
import { CONFERENCE_ENTITIES } from '@lotse/conference';
import { StaffUser } from '@lotse/identity';
import { Institution, Jba } from '@lotse/institution';
import { Notification, NotificationAttachment } from '@lotse/notification';
import { OFFER_ENTITIES } from '@lotse/offer';
import { OutboxMessage } from '@lotse/outbox';
import { PROTOCOL_ENTITIES } from '@lotse/protocol';
import { Consent, EntrustedNote, Referral, ReferralEvent, YoungPerson } from '@lotse/referral';
import { RETENTION_ENTITIES } from '@lotse/retention';
import { TASK_ENTITIES } from '@lotse/task';
import { TASK_NOTIFICATION_ENTITIES } from '@lotse/task-notification';
import { TASKLIST_ENTITIES } from '@lotse/tasklist';

/** Every entity of Lotse; the schema is made by the migrations below, never synchronised. */
export const ENTITIES = [
  Jba,
  Institution,
  YoungPerson,
  Referral,
  ReferralEvent,
  Consent,
  EntrustedNote,
  OutboxMessage,
  Notification,
  NotificationAttachment,
  ...TASK_ENTITIES,
  ...TASKLIST_ENTITIES,
  StaffUser,
  AuditEntry,
  AuditChainAnchor,
  ...CONFERENCE_ENTITIES,
  ...OFFER_ENTITIES,
  ...PROTOCOL_ENTITIES,
  ...RETENTION_ENTITIES,
  ...TASK_NOTIFICATION_ENTITIES,
];
