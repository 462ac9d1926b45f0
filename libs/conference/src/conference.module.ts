import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@lotse/audit';
import { InstitutionModule } from '@lotse/institution';
import { NotificationModule } from '@lotse/notification';
import { OutboxModule } from '@lotse/outbox';
import { TaskModule } from '@lotse/task';
import { ConferenceCycleService } from './conference-cycle.service';
import { ConferenceAttendance, ConferenceCase } from './conference-case.entity';
import { Conference } from './conference.entity';
import { ConferenceService } from './conference.service';
import { AgendaOptions } from './forms/agenda-options';
import { ConductConferenceFormHandler } from './forms/conduct-conference.handler';
import { SelectCasesFormHandler } from './forms/select-cases.handler';
import { ConferenceCycleWorkers } from './workers/conference-cycle.workers';

export const CONFERENCE_ENTITIES = [Conference, ConferenceCase, ConferenceAttendance];
export const CONFERENCE_FORM_HANDLERS = [SelectCasesFormHandler, ConductConferenceFormHandler];

@Module({
  imports: [
    TypeOrmModule.forFeature(CONFERENCE_ENTITIES),
    OutboxModule,
    TaskModule,
    InstitutionModule,
    AuditModule,
  ],
  providers: [ConferenceService, AgendaOptions, ...CONFERENCE_FORM_HANDLERS],
  exports: [ConferenceService, ...CONFERENCE_FORM_HANDLERS],
})
export class ConferenceModule {}

/** The conference-cycle external-task handlers, for the worker app. */
@Module({
  imports: [ConferenceModule, NotificationModule, OutboxModule, TaskModule, AuditModule],
  providers: [ConferenceCycleService, ConferenceCycleWorkers],
})
export class ConferenceWorkersModule {}
