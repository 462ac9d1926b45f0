export * from './notification.entity';
export * from './mail-templates';
export * from './queues';
export * from './notification.service';
export * from './notification-query.service';
export * from './notification.module';
export * from './mail.processor';
export * from './mail-consent-guard';
