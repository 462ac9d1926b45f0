import { Module } from '@nestjs/common';
import { LotseConfigModule } from '@lotse/common';
import { MetricsModule } from '@lotse/metrics';
import { HealthModule } from '@lotse/health';
import { ConferenceWorkersModule } from '@lotse/conference';
import { MailDeliveryModule } from '@lotse/notification';
import { OutboxRelayModule } from '@lotse/outbox';
import { PersistenceModule } from '@lotse/persistence';
import { ProtocolWorkersModule } from '@lotse/protocol';
import { RetentionWorkersModule } from '@lotse/retention';
import { ReferralMailConsentGuard, ReferralWorkersModule } from '@lotse/referral';
import { EngineModule, ExternalTaskWorkersModule } from '@lotse/engine';
import { TaskFeedModule, TaskModule } from '@lotse/task';
import { TaskNotificationWorkersModule } from '@lotse/task-notification';

/**
 * Headless: external-task handlers, the task list's feed from the engine and BullMQ processors.
 * Scale by running more of these.
 */
@Module({
  imports: [
    LotseConfigModule,
    MetricsModule.forApp('worker'),
    PersistenceModule,
    EngineModule,
    ExternalTaskWorkersModule,
    ReferralWorkersModule,
    ConferenceWorkersModule,
    ProtocolWorkersModule,
    RetentionWorkersModule,
    TaskFeedModule,
    TaskNotificationWorkersModule,
    // Consent is checked again when a mail is sent, with the referral lib's rules.
    MailDeliveryModule.register({ consentGuard: ReferralMailConsentGuard }),
    // Workers write commands for the engine (messages) to the outbox too; relays share the table.
    OutboxRelayModule,
    // Probes on the internal port: /health/live, /health/ready.
    HealthModule,
  ],
})
export class WorkerModule {}

/** For one-off commands (deploy): config, database and the engine client, no workers. */
@Module({ imports: [LotseConfigModule, PersistenceModule, EngineModule, TaskModule] })
export class CommandModule {}
