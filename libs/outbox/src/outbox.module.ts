import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';

/** The outbox writer, usable anywhere a transaction writes facts that the engine must hear of. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}

/** The relay; import where commands should be delivered (the API by default). */
@Module({
  imports: [OutboxModule],
  providers: [OutboxRelay, OutboxMetrics],
  exports: [OutboxRelay],
})
export class OutboxRelayModule {}
