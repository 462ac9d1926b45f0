import { DynamicModule, Module, Type } from '@nestjs/common';
import { AuditModule } from '@lotse/audit';
import { IdentityModule } from '@lotse/identity';
import { ReferralModule } from '@lotse/referral';
import { TASK_FORM_HANDLERS, TaskFormHandler, TaskModule } from '@lotse/task';
import { SavedTaskFilterService } from './saved-task-filter.service';
import { TaskListService } from './tasklist.service';

export interface TaskListOptions {
  /** Modules that provide (and export) the form handlers. */
  imports: Array<Type<unknown> | DynamicModule>;
  /** Every form with domain work of its own; one handler per form id. */
  handlers: Array<Type<TaskFormHandler>>;
}

@Module({})
export class TaskListModule {
  static register(options: TaskListOptions): DynamicModule {
    return {
      module: TaskListModule,
      imports: [TaskModule, ReferralModule, IdentityModule, AuditModule, ...options.imports],
      providers: [
        {
          provide: TASK_FORM_HANDLERS,
          inject: options.handlers,
          useFactory: (...handlers: TaskFormHandler[]) => {
            const ids = handlers.map((h) => h.formId);
            const twice = ids.find((id, i) => ids.indexOf(id) !== i);
            if (twice) throw new Error(`two handlers for form "${twice}"`);
            return handlers;
          },
        },
        TaskListService,
        SavedTaskFilterService,
      ],
      exports: [TaskListService, SavedTaskFilterService],
    };
  }
}
