import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { DomainException, flattenValidationErrors } from '@lotse/common';
import type { Principal } from '@lotse/identity';
import { InstitutionService } from '@lotse/institution';
import type { TaskFormHandler, UserTask } from '@lotse/task';
import { ConsentDto } from '../referral.dto';
import { ReferralService } from '../referral.service';

/**
 * *Einwilligung einholen*: the referrer records the signed consent through the form. The
 * consent is stored as a fact of the case; the process only learns that the task is done and
 * checks the consent again.
 */
@Injectable()
export class ObtainConsentFormHandler implements TaskFormHandler {
  readonly formId = 'obtain-consent';

  constructor(
    private readonly institutions: InstitutionService,
    private readonly referrals: ReferralService,
  ) {}

  async data(_task: UserTask, user: Principal): Promise<Record<string, unknown>> {
    const list = await this.institutions.listByJba(user.jbaId);
    return { institutionOptions: list.map((i) => ({ label: i.name, value: i.id })) };
  }

  async complete(
    m: EntityManager,
    task: UserTask,
    variables: Record<string, unknown>,
    user: Principal,
  ) {
    if (!task.caseId) throw DomainException.conflict('Diese Aufgabe gehört zu keinem Fall.');
    // The form has one field per guardian; the API takes them as a list.
    const { guardianName, secondGuardianName, ...fields } = (variables.consent ?? {}) as Record<
      string,
      unknown
    >;
    const names = [guardianName, secondGuardianName].filter(
      (n) => n !== undefined && n !== null && n !== '',
    );
    const dto = plainToInstance(ConsentDto, {
      ...fields,
      ...(names.length ? { guardianNames: names } : {}),
    });
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length)
      throw DomainException.validation(
        flattenValidationErrors(errors, 'consent').map((e) => ({
          ...e,
          field: formField(e.field, names.length),
        })),
      );
    const referral = await this.referrals.findReferral(task.caseId);
    if (!referral) throw DomainException.notFound('Der Fall dieser Aufgabe existiert nicht mehr.');
    if (referral.referringInstitutionId !== user.institutionId) {
      throw DomainException.forbidden('Einwilligungen erfasst die meldende Institution.');
    }
    await this.referrals.recordConsent(m, referral, dto, `task:${task.id}`, user, {
      notifyProcess: false,
      fieldName: (f) => formField(`consent.${f}`, names.length),
    });
    return {};
  }
}

/** The form's field for an API field: `guardianNames` is the first or the second name field. */
function formField(field: string, namesGiven: number): string {
  if (!field.startsWith('consent.guardianNames')) return field;
  return namesGiven === 0 ? 'consent.guardianName' : 'consent.secondGuardianName';
}
