import { useImperativeHandle, useState } from 'react';
import type { Ref } from 'react';
import type { FieldError } from '../api';
import { useUser } from '../auth';
import {
  ConsentFields,
  consentProblems,
  initialConsent,
  toConsentSubmission,
} from './ConsentFields';
import type { ConsentValues } from './ConsentFields';
import type { FormSubmission, FormViewHandle } from './FormView';

interface ConsentTaskFormProps {
  id: string;
  /** Birth date of the young person (when the user may see it), for the age at signing. */
  birthDate?: string;
  readOnly: boolean;
  /** As FormView's: `data` are the task's variables, `errors` keyed by the form's field keys. */
  onSubmit: (submission: FormSubmission) => void;
  ref?: Ref<FormViewHandle>;
}

/**
 * *Einwilligung einholen* with the same fields and defaults as "Einwilligung nachreichen" on the
 * case page (`ConsentFields`) instead of the Camunda Form. It completes the task with the
 * variables of `bpmn/obtain-consent.form` (`consent.*`, one field per guardian), which the
 * form handler in libs/referral turns into a consent.
 */
export function ConsentTaskForm({ id, birthDate, readOnly, onSubmit, ref }: ConsentTaskFormProps) {
  const user = useUser();
  const [values, setValues] = useState<ConsentValues>(() => initialConsent(user));
  const [errors, setErrors] = useState<FieldError[]>([]);

  useImperativeHandle(
    ref,
    () => ({
      submit: () => {
        const problems = consentProblems(values);
        setErrors(problems);
        onSubmit({
          data: toTaskVariables(values),
          errors: Object.fromEntries(
            problems.map((p) => [`consent.${formKey(p.field)}`, p.messages]),
          ),
        });
      },
    }),
    [values, onSubmit],
  );

  return (
    <form
      id={id}
      data-ready="true"
      noValidate
      autoComplete="off"
      onSubmit={(event) => event.preventDefault()}
    >
      <p>
        Bitte tragen Sie die Angaben aus der unterschriebenen Schweigepflichtsentbindung ein. Ohne
        gültige Einwilligung darf der Fall nicht in der Fallkonferenz besprochen werden.
      </p>
      <fieldset disabled={readOnly} className="plain-fieldset">
        <legend className="visually-hidden">Schweigepflichtsentbindung</legend>
        <ConsentFields
          idPrefix="task-consent"
          values={values}
          onChange={(changes) => setValues((current) => ({ ...current, ...changes }))}
          errors={errors}
          birthDate={birthDate}
          later
        />
      </fieldset>
    </form>
  );
}

/** The consent's field as the form names it (the form has one field per guardian). */
function formKey(field: string): string {
  return field === 'guardianNames' ? 'guardianName' : field;
}

/** The task's variables: `consent.*` as in `bpmn/obtain-consent.form`, empty fields left out. */
function toTaskVariables(values: ConsentValues): Record<string, unknown> {
  const { guardianNames, ...consent } = toConsentSubmission(values);
  const [guardianName, secondGuardianName] = guardianNames ?? [];
  const entries = Object.entries({ ...consent, guardianName, secondGuardianName }).filter(
    ([, v]) => v !== undefined && v !== '',
  );
  return { consent: Object.fromEntries(entries) };
}
