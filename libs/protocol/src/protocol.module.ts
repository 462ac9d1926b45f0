import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lotse/audit';
import { OfferModule } from '@lotse/offer';
import { NotificationModule } from '@lotse/notification';
import { OutboxModule } from '@lotse/outbox';
import { TaskModule } from '@lotse/task';
import { FollowUpService } from './follow-up.service';
import { PROTOCOL_FORM_HANDLERS } from './forms/protocol-form.handlers';
import { PROTOCOL_ENTITIES } from './protocol.entity';
import { ProtocolService } from './protocol.service';
import { ProtocolWorkers } from './workers/protocol.workers';

@Module({
  imports: [
    TypeOrmModule.forFeature(PROTOCOL_ENTITIES),
    AuditModule,
    OfferModule,
    NotificationModule,
    OutboxModule,
    TaskModule,
  ],
  providers: [ProtocolService, FollowUpService, ...PROTOCOL_FORM_HANDLERS],
  exports: [ProtocolService, FollowUpService, ...PROTOCOL_FORM_HANDLERS],
})
export class ProtocolModule {}

/** The protocol and follow-up external-task handlers, for the worker app. */
@Module({
  imports: [ProtocolModule],
  providers: [ProtocolWorkers],
})
export class ProtocolWorkersModule {}
