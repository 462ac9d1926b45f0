import { Module } from '@nestjs/common';
import { AuditModule } from '@lotse/audit';
import { IdentityModule } from '@lotse/identity';
import { InstitutionModule } from '@lotse/institution';
import { ReferralModule } from '@lotse/referral';
import { TaskModule } from '@lotse/task';
import { ObtainConsentFormHandler } from './forms/obtain-consent.handler';
import { TASK_FORM_HANDLERS, TaskFormHandler } from './task-form-handler';
import { TaskListService } from './tasklist.service';

/** Every form with domain work of its own; one handler per form id. */
const FORM_HANDLERS = [ObtainConsentFormHandler];

@Module({
  imports: [TaskModule, ReferralModule, IdentityModule, InstitutionModule, AuditModule],
  providers: [
    ...FORM_HANDLERS,
    {
      provide: TASK_FORM_HANDLERS,
      inject: FORM_HANDLERS,
      useFactory: (...handlers: TaskFormHandler[]) => {
        const ids = handlers.map((h) => h.formId);
        const twice = ids.find((id, i) => ids.indexOf(id) !== i);
        if (twice) throw new Error(`two handlers for form "${twice}"`);
        return handlers;
      },
    },
    TaskListService,
  ],
  exports: [TaskListService],
})
export class TaskListModule {}
