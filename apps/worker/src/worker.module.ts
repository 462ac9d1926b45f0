import { Module } from '@nestjs/common';
import { LotseConfigModule } from '@lotse/common';
import { ConferenceWorkersModule } from '@lotse/conference';
import { MailDeliveryModule } from '@lotse/notification';
import { OutboxRelayModule } from '@lotse/outbox';
import { PersistenceModule } from '@lotse/persistence';
import { ReferralWorkersModule } from '@lotse/referral';
import { TaskModule, TaskProjectionModule } from '@lotse/task';
import { ZeebeModule, ZeebeWorkersModule } from '@lotse/zeebe';

/** Headless: Zeebe job workers and BullMQ processors. Scale by running more of these. */
@Module({
  imports: [
    LotseConfigModule,
    PersistenceModule,
    ZeebeModule,
    ZeebeWorkersModule,
    ReferralWorkersModule,
    ConferenceWorkersModule,
    TaskProjectionModule,
    MailDeliveryModule,
    // Workers write commands for Zeebe (messages) to the outbox too; relays share the table.
    OutboxRelayModule,
  ],
})
export class WorkerModule {}

/** For one-off commands (deploy): config, database and the Zeebe client, no workers. */
@Module({ imports: [LotseConfigModule, PersistenceModule, ZeebeModule, TaskModule] })
export class CommandModule {}
