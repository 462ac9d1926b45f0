import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LotseConfigModule } from '@lotse/common';
import { MetricsModule } from '@lotse/metrics';
import {
  CONFERENCE_FORM_HANDLERS,
  ConferenceController,
  ConferenceModule,
  NotificationController,
  PublicCalendarController,
  PublicIcsController,
} from '@lotse/conference';
import { HealthController, HealthModule } from '@lotse/health';
import {
  AccountController,
  ApiAuthModule,
  AuthController,
  JbaSettingsController,
  OidcController,
  UserController,
} from '@lotse/identity';
import { InstitutionController, InstitutionModule } from '@lotse/institution';
import { NotificationModule } from '@lotse/notification';
import { OfferController, OfferModule } from '@lotse/offer';
import { OutboxRelayModule } from '@lotse/outbox';
import { PROTOCOL_FORM_HANDLERS, ProtocolController, ProtocolModule } from '@lotse/protocol';
import { DataProtectionController, DataProtectionModule } from '@lotse/data-protection';
import { PersistenceModule } from '@lotse/persistence';
import { ErasureRequestController, RetentionModule } from '@lotse/retention';
import {
  EntrustedNoteController,
  ObtainConsentFormHandler,
  ReferralController,
  ReferralModule,
} from '@lotse/referral';
import { TaskListController, TaskListModule } from '@lotse/tasklist';
import { TaskNotificationModule } from '@lotse/task-notification';
import { EngineModule } from '@lotse/engine';
import { AccountRateLimit, RateLimits } from './http-security';

/** The HTTP API: thin controllers over the feature services, plus the outbox relay. */
@Module({
  imports: [
    LotseConfigModule,
    MetricsModule.forApp('api'),
    PersistenceModule,
    EngineModule,
    ApiAuthModule,
    NotificationModule,
    InstitutionModule,
    ReferralModule,
    ConferenceModule,
    OfferModule,
    ProtocolModule,
    DataProtectionModule,
    RetentionModule,
    TaskListModule.register({
      imports: [ReferralModule, ConferenceModule, ProtocolModule],
      handlers: [ObtainConsentFormHandler, ...CONFERENCE_FORM_HANDLERS, ...PROTOCOL_FORM_HANDLERS],
    }),
    OutboxRelayModule,
    HealthModule,
    TaskNotificationModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    OidcController,
    UserController,
    AccountController,
    JbaSettingsController,
    InstitutionController,
    ReferralController,
    EntrustedNoteController,
    TaskListController,
    ConferenceController,
    PublicCalendarController,
    PublicIcsController,
    NotificationController,
    OfferController,
    ProtocolController,
    DataProtectionController,
    ErasureRequestController,
  ],
  // the general rate limit (issue 11): per address in bootstrap.ts, per account after the guard
  providers: [RateLimits, { provide: APP_INTERCEPTOR, useClass: AccountRateLimit }],
})
export class ApiModule {}
