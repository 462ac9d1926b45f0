import type { DoubleSupportWarning, FieldError, Option, ProtocolInstitutionOption } from '../api';
import { Field, fieldId, messagesOf } from './FormFields';
import { OfferPicker } from './OfferPicker';
import type { OfferChoice } from './OfferPicker';
import { emptyMeasure } from './protocolValues';
import type { MeasureValues } from './protocolValues';

interface MeasureListProps {
  idPrefix: string;
  measures: MeasureValues[];
  onChange: (measures: MeasureValues[]) => void;
  institutions: ProtocolInstitutionOption[];
  kinds: Option[];
  /** Double-support warnings of the last save, by the row's key. */
  warnings: Map<string, DoubleSupportWarning[]>;
  /** Field errors, normalised (`measures.0.dueOn`). */
  errors: FieldError[];
  readOnly: boolean;
}

/** Maßnahmen: one group per measure (title, offer, kind, institution, contact, dates). */
export function ProtocolMeasureFields({
  idPrefix,
  measures,
  onChange,
  institutions,
  kinds,
  warnings,
  errors,
  readOnly,
}: MeasureListProps) {
  const listError = messagesOf(errors, 'measures');
  return (
    <fieldset
      className="subsection protocol-measures"
      id={fieldId(idPrefix, 'measures')}
      tabIndex={-1}
    >
      <legend>Maßnahmen</legend>
      {listError && <p className="field__error">{listError}</p>}
      {measures.length === 0 && <p className="muted">Noch keine Maßnahme vereinbart.</p>}
      {measures.map((measure, index) => (
        <MeasureRow
          key={measure.key}
          idPrefix={idPrefix}
          index={index}
          measure={measure}
          institutions={institutions}
          kinds={kinds}
          warnings={warnings.get(measure.key) ?? []}
          errors={errors}
          readOnly={readOnly}
          onChange={(next) => onChange(measures.map((m) => (m.key === measure.key ? next : m)))}
          onRemove={() => onChange(measures.filter((m) => m.key !== measure.key))}
        />
      ))}
      {!readOnly && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...measures, emptyMeasure()])}
        >
          Maßnahme hinzufügen
        </button>
      )}
    </fieldset>
  );
}

interface MeasureRowProps {
  idPrefix: string;
  index: number;
  measure: MeasureValues;
  institutions: ProtocolInstitutionOption[];
  kinds: Option[];
  warnings: DoubleSupportWarning[];
  errors: FieldError[];
  readOnly: boolean;
  onChange: (measure: MeasureValues) => void;
  onRemove: () => void;
}

function MeasureRow({
  idPrefix,
  index,
  measure,
  institutions,
  kinds,
  warnings,
  errors,
  readOnly,
  onChange,
  onRemove,
}: MeasureRowProps) {
  const path = (field: string) => `measures.${index}.${field}`;
  const id = (field: string) => fieldId(idPrefix, path(field));
  const err = (field: string) => messagesOf(errors, path(field)) || undefined;
  const set = (changes: Partial<MeasureValues>) => onChange({ ...measure, ...changes });
  const legend = `Maßnahme ${index + 1}`;

  /** An offer sets the kind and proposes its institution (and its name as title). */
  function pickOffer(offer: OfferChoice | null) {
    if (!offer) return set({ offer: null });
    set({
      offer,
      kind: offer.kind,
      institutionId: offer.institutionId || measure.institutionId,
      title: measure.title.trim() ? measure.title : offer.name,
    });
  }

  const text = (field: 'title' | 'contactName', label: string, wide = false) => (
    <Field
      id={id(field)}
      label={label}
      required
      error={err(field)}
      className={wide ? 'form-grid__wide' : undefined}
    >
      {(control) => (
        <input
          {...control}
          type="text"
          maxLength={field === 'title' ? 300 : 200}
          readOnly={readOnly}
          value={measure[field]}
          onChange={(e) => set({ [field]: e.target.value })}
        />
      )}
    </Field>
  );
  const date = (field: 'startsOn' | 'dueOn', label: string) => (
    <Field id={id(field)} label={label} required error={err(field)}>
      {(control) => (
        <input
          {...control}
          type="date"
          readOnly={readOnly}
          value={measure[field]}
          onChange={(e) => set({ [field]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <fieldset className="protocol-measure" data-measure-index={index}>
      <legend className="protocol-measure__legend">{legend}</legend>
      {warnings.map((w, i) => (
        <div key={i} className="alert alert-warning protocol-measure__warning" role="alert">
          {w.message}
        </div>
      ))}
      <div className="form-grid">
        {text('title', 'Titel', true)}
        <div className="form-grid__wide">
          {readOnly ? (
            <Field id={id('offerId')} label="Angebot" error={err('offerId')}>
              {(control) => (
                <input {...control} type="text" readOnly value={measure.offer?.name ?? '—'} />
              )}
            </Field>
          ) : (
            <OfferPicker
              id={id('offerId')}
              label="Angebot"
              value={measure.offer}
              activeOn={measure.startsOn || undefined}
              onChange={pickOffer}
              error={err('offerId')}
            />
          )}
        </div>
        <Field
          id={id('kind')}
          label="Art"
          required
          error={err('kind')}
          hint={measure.offer ? 'Die Art des gewählten Angebots' : undefined}
        >
          {(control) => (
            <select
              {...control}
              value={measure.kind}
              disabled={readOnly || !!measure.offer}
              onChange={(e) => set({ kind: e.target.value })}
            >
              <option value="">— bitte wählen —</option>
              {kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={id('institutionId')}
          label="Zuständige Institution"
          required
          error={err('institutionId')}
        >
          {(control) => (
            <select
              {...control}
              value={measure.institutionId}
              disabled={readOnly}
              onChange={(e) => set({ institutionId: e.target.value })}
            >
              <option value="">— bitte wählen —</option>
              {institutions.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('contactName', 'Ansprechperson')}
        {date('startsOn', 'Beginn')}
        {date('dueOn', 'Fällig bis')}
      </div>
      {!readOnly && (
        <div className="form-actions protocol-measure__actions">
          <button
            type="button"
            className="button-small button-danger-outline"
            onClick={onRemove}
            aria-label={`${legend} entfernen`}
          >
            Entfernen
          </button>
        </div>
      )}
    </fieldset>
  );
}
