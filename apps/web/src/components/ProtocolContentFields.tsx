import type { DoubleSupportWarning, FieldError, Option, ProtocolInstitutionOption } from '../api';
import { Checkbox, ChoiceGroup, Field, fieldId, messagesOf, Radio } from './FormFields';
import { ProtocolMeasureFields } from './ProtocolMeasureFields';
import { emptyGoal } from './protocolValues';
import type { Agreement, ProtocolValues } from './protocolValues';

interface ProtocolContentFieldsProps {
  idPrefix: string;
  values: ProtocolValues;
  onChange: (changes: Partial<ProtocolValues>) => void;
  institutions: ProtocolInstitutionOption[];
  kinds: Option[];
  warnings: Map<string, DoubleSupportWarning[]>;
  /** Field errors, normalised (`measures.0.dueOn`). */
  errors: FieldError[];
  readOnly?: boolean;
}

/**
 * The content of a protocol: Teilnehmende, Ausgangslage, Ziele, Maßnahmen and the young person's
 * view. Used by the editor of the task "Protokoll erfassen" and by the correction on the case page.
 */
export function ProtocolContentFields({
  idPrefix,
  values,
  onChange,
  institutions,
  kinds,
  warnings,
  errors,
  readOnly = false,
}: ProtocolContentFieldsProps) {
  const id = (field: string) => fieldId(idPrefix, field);
  const err = (field: string) => messagesOf(errors, field) || undefined;
  const participantErrors = errors
    .filter((e) => /^participants\.\d+/.test(e.field))
    .flatMap((e) => e.messages);

  return (
    <div className="protocol-fields">
      <ParticipantsField
        id={id('participants')}
        institutions={institutions}
        participants={values.participants}
        onChange={(participants) => onChange({ participants })}
        error={[err('participants'), ...participantErrors].filter(Boolean).join(' ') || undefined}
        readOnly={readOnly}
      />

      <Field id={id('situation')} label="Ausgangslage" required error={err('situation')}>
        {(control) => (
          <textarea
            {...control}
            rows={5}
            maxLength={5000}
            readOnly={readOnly}
            value={values.situation}
            onChange={(e) => onChange({ situation: e.target.value })}
          />
        )}
      </Field>

      <GoalsField
        idPrefix={idPrefix}
        goals={values.goals}
        onChange={(goals) => onChange({ goals })}
        errors={errors}
        readOnly={readOnly}
      />

      <ProtocolMeasureFields
        idPrefix={idPrefix}
        measures={values.measures}
        onChange={(measures) => onChange({ measures })}
        institutions={institutions}
        kinds={kinds}
        warnings={warnings}
        errors={errors}
        readOnly={readOnly}
      />

      <Field
        id={id('youngPersonView')}
        label="Sicht des jungen Menschen"
        error={err('youngPersonView')}
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={3000}
            readOnly={readOnly}
            value={values.youngPersonView}
            onChange={(e) => onChange({ youngPersonView: e.target.value })}
          />
        )}
      </Field>

      <ChoiceGroup
        id={id('youngPersonAgreed')}
        legend="Einverstanden"
        hint="Ist der junge Mensch mit den vereinbarten Zielen und Maßnahmen einverstanden?"
        error={err('youngPersonAgreed')}
      >
        {(
          [
            ['yes', 'ja'],
            ['no', 'nein'],
            ['', 'nicht erfasst'],
          ] as Array<[Agreement, string]>
        ).map(([value, label]) => (
          <Radio
            key={value || 'none'}
            id={`${id('youngPersonAgreed')}-${value || 'none'}`}
            name={`${idPrefix}-youngPersonAgreed`}
            value={value}
            label={label}
            checked={values.youngPersonAgreed === value}
            onChange={() => !readOnly && onChange({ youngPersonAgreed: value })}
          />
        ))}
      </ChoiceGroup>
    </div>
  );
}

interface ParticipantsFieldProps {
  id: string;
  institutions: ProtocolInstitutionOption[];
  participants: Record<string, string>;
  onChange: (participants: Record<string, string>) => void;
  error?: string;
  readOnly: boolean;
}

/** The JBA's institutions to tick, each with the person who came. */
function ParticipantsField({
  id,
  institutions,
  participants,
  onChange,
  error,
  readOnly,
}: ParticipantsFieldProps) {
  function toggle(institutionId: string, present: boolean) {
    if (readOnly) return;
    const next = { ...participants };
    if (present) next[institutionId] = next[institutionId] ?? '';
    else delete next[institutionId];
    onChange(next);
  }
  return (
    <ChoiceGroup
      id={id}
      legend="Teilnehmende"
      required
      hint="Institutionen ohne Einwilligung erhalten das Protokoll nicht."
      error={error}
    >
      {institutions.map((institution) => {
        const present = institution.id in participants;
        const checkboxId = `${id}-${institution.id}`;
        return (
          <div key={institution.id} className="protocol-participant">
            <Checkbox
              id={checkboxId}
              checked={present}
              onChange={(checked) => toggle(institution.id, checked)}
              label={
                <>
                  {institution.name}
                  {!institution.receivesProtocol && (
                    <span className="muted"> (erhält keine Falldaten)</span>
                  )}
                </>
              }
            />
            {present && (
              <div className="field protocol-participant__person">
                <label htmlFor={`${checkboxId}-person`} className="visually-hidden">
                  Person für {institution.name}
                </label>
                <input
                  id={`${checkboxId}-person`}
                  type="text"
                  maxLength={200}
                  placeholder="Name (optional)"
                  readOnly={readOnly}
                  value={participants[institution.id]}
                  onChange={(e) => onChange({ ...participants, [institution.id]: e.target.value })}
                />
              </div>
            )}
          </div>
        );
      })}
    </ChoiceGroup>
  );
}

interface GoalsFieldProps {
  idPrefix: string;
  goals: ProtocolValues['goals'];
  onChange: (goals: ProtocolValues['goals']) => void;
  errors: FieldError[];
  readOnly: boolean;
}

/** Ziele: a list of lines, to add and remove. */
function GoalsField({ idPrefix, goals, onChange, errors, readOnly }: GoalsFieldProps) {
  const listError = messagesOf(errors, 'goals');
  return (
    <fieldset className="subsection protocol-goals" id={fieldId(idPrefix, 'goals')} tabIndex={-1}>
      <legend>
        Ziele{' '}
        <span className="required-mark" aria-hidden="true">
          *
        </span>
      </legend>
      {listError && <p className="field__error">{listError}</p>}
      {goals.map((goal, index) => (
        <div key={goal.key} className="protocol-goal">
          <Field
            id={fieldId(idPrefix, `goals.${index}`)}
            label={`Ziel ${index + 1}`}
            error={messagesOf(errors, `goals.${index}`) || undefined}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={1000}
                readOnly={readOnly}
                value={goal.text}
                onChange={(e) =>
                  onChange(
                    goals.map((g) => (g.key === goal.key ? { ...g, text: e.target.value } : g)),
                  )
                }
              />
            )}
          </Field>
          {!readOnly && (
            <button
              type="button"
              className="button-small button-secondary"
              aria-label={`Ziel ${index + 1} entfernen`}
              onClick={() => onChange(goals.filter((g) => g.key !== goal.key))}
            >
              Entfernen
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...goals, emptyGoal()])}
        >
          Ziel hinzufügen
        </button>
      )}
    </fieldset>
  );
}
