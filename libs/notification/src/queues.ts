/** Every BullMQ queue and job name Lotse uses, with its payload. */
export const MAIL_QUEUE = 'mail';

export interface QueueJobs {
  [MAIL_QUEUE]: {
    'send-mail': { notificationId: string };
  };
}

export type MailJobName = keyof QueueJobs[typeof MAIL_QUEUE];
export const MAIL_JOB_NAMES: MailJobName[] = ['send-mail'];
