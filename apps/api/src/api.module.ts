import { Module } from '@nestjs/common';
import { LotseConfigModule } from '@lotse/common';
import { HealthController } from '@lotse/health';
import { ApiAuthModule, AuthController, UserController } from '@lotse/identity';
import { InstitutionController, InstitutionModule } from '@lotse/institution';
import { NotificationModule } from '@lotse/notification';
import { OutboxRelayModule } from '@lotse/outbox';
import { PersistenceModule } from '@lotse/persistence';
import { ReferralController, ReferralModule } from '@lotse/referral';
import { TaskListController, TaskListModule } from '@lotse/tasklist';
import { ZeebeModule } from '@lotse/zeebe';

/** The HTTP API: thin controllers over the feature services, plus the outbox relay. */
@Module({
  imports: [
    LotseConfigModule,
    PersistenceModule,
    ZeebeModule,
    ApiAuthModule,
    NotificationModule,
    InstitutionModule,
    ReferralModule,
    TaskListModule,
    OutboxRelayModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    UserController,
    InstitutionController,
    ReferralController,
    TaskListController,
  ],
})
export class ApiModule {}
