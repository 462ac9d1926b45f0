import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstitutionModule } from '@lotse/institution';
import { NotificationModule } from '@lotse/notification';
import { OutboxModule } from '@lotse/outbox';
import { AuditModule } from '@lotse/audit';
import { TaskModule } from '@lotse/task';
import { CaseProgressService } from './case-progress.service';
import { Consent } from './consent/consent.entity';
import { ExistingCasesService } from './existing-cases/existing-cases.service';
import { ReferralEvent } from './referral-event.entity';
import { Referral } from './referral.entity';
import { ReferralService } from './referral.service';
import { CaseReferralWorkers } from './workers/case-referral.workers';
import { YoungPerson } from './young-person.entity';
import { ObtainConsentFormHandler } from './forms/obtain-consent.handler';
import { MajorityReviewService } from './consent/majority-review.service';
import { EntrustedNote } from './entrusted/entrusted-note.entity';
import { EntrustedNoteService } from './entrusted/entrusted-note.service';

export const REFERRAL_ENTITIES = [YoungPerson, Referral, ReferralEvent, Consent, EntrustedNote];

@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature(REFERRAL_ENTITIES),
    InstitutionModule,
    OutboxModule,
    TaskModule,
  ],
  providers: [
    ReferralService,
    ExistingCasesService,
    ObtainConsentFormHandler,
    EntrustedNoteService,
  ],
  exports: [ReferralService, ExistingCasesService, ObtainConsentFormHandler, EntrustedNoteService],
})
export class ReferralModule {}

/** The case-referral external-task handlers, for the worker app. */
@Module({
  imports: [ReferralModule, NotificationModule, OutboxModule, TaskModule],
  providers: [CaseProgressService, CaseReferralWorkers, MajorityReviewService],
  exports: [CaseProgressService],
})
export class ReferralWorkersModule {}
