import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { FieldError, Offer, OfferChanges, OfferKind, OfferSubmission, Option } from '../api';
import { FieldErrors } from './FieldErrors';
import type { FieldErrorItem } from './FieldErrors';
import { Field, fieldId, messagesOf } from './FormFields';

/** What the form holds: the inputs' strings. */
export interface OfferFormValues {
  institutionId: string;
  name: string;
  kind: OfferKind | '';
  targetGroup: string;
  legalBasis: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  description: string;
  activeFrom: string;
  activeTo: string;
}

export function emptyOffer(institutionId: string, activeFrom: string): OfferFormValues {
  return {
    institutionId,
    name: '',
    kind: '',
    targetGroup: '',
    legalBasis: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    description: '',
    activeFrom,
    activeTo: '',
  };
}

/** An offer as the form's values (to change it). */
export function offerValues(offer: Offer): OfferFormValues {
  return {
    institutionId: offer.institutionId,
    name: offer.name,
    kind: offer.kind,
    targetGroup: offer.targetGroup,
    legalBasis: offer.legalBasis,
    contactName: offer.contactName,
    contactEmail: offer.contactEmail ?? '',
    contactPhone: offer.contactPhone ?? '',
    description: offer.description ?? '',
    activeFrom: offer.activeFrom,
    activeTo: offer.activeTo ?? '',
  };
}

const optional = (value: string) => value.trim() || undefined;

/** POST /offers: optional fields are left out when empty (the API refuses empty strings). */
export function toOfferSubmission(values: OfferFormValues, withInstitution: boolean) {
  const submission: OfferSubmission = {
    ...(withInstitution && values.institutionId ? { institutionId: values.institutionId } : {}),
    name: values.name.trim(),
    kind: values.kind,
    targetGroup: values.targetGroup.trim(),
    legalBasis: values.legalBasis.trim(),
    contactName: values.contactName.trim(),
    contactEmail: optional(values.contactEmail),
    contactPhone: optional(values.contactPhone),
    description: optional(values.description),
    activeFrom: values.activeFrom,
    activeTo: optional(values.activeTo),
  };
  return submission;
}

/** PATCH /offers/:id: every field; an empty optional field is cleared (null). */
export function toOfferChanges(values: OfferFormValues, version: number): OfferChanges {
  return {
    version,
    name: values.name.trim(),
    kind: values.kind,
    targetGroup: values.targetGroup.trim(),
    legalBasis: values.legalBasis.trim(),
    contactName: values.contactName.trim(),
    contactEmail: optional(values.contactEmail) ?? null,
    contactPhone: optional(values.contactPhone) ?? null,
    description: optional(values.description) ?? null,
    activeFrom: values.activeFrom,
    activeTo: optional(values.activeTo) ?? null,
  };
}

/** The request fields (as the server names them in errors) and their labels. */
const FIELD_LABELS: Record<string, string> = {
  institutionId: 'Institution',
  name: 'Name',
  kind: 'Art',
  targetGroup: 'Zielgruppe',
  legalBasis: 'Rechtsgrundlage',
  contactName: 'Ansprechperson',
  contactEmail: 'E-Mail',
  contactPhone: 'Telefon',
  description: 'Beschreibung',
  activeFrom: 'Beginn',
  activeTo: 'Ende',
};

interface OfferFormProps {
  /** id of the <form>; also the prefix of the inputs' ids. */
  id: string;
  initial: OfferFormValues;
  kindOptions: Option[];
  /** Institutions to choose from (admins); without them the offer is the own institution's. */
  institutions?: Option[];
  /** Shown instead of the choice when there is none. */
  institutionName?: string;
  submitLabel: string;
  busy: boolean;
  /** The server's field errors of the last attempt. */
  errors: FieldError[];
  onSubmit: (values: OfferFormValues) => void;
  /** Buttons beside the submit button (cancel, end the offer). */
  actions?: (values: OfferFormValues) => ReactNode;
  /** Shown above the fields (e.g. a 409 message). */
  children?: ReactNode;
}

/** Name, kind, target group, legal basis, contact and period of an offer (create and change). */
export function OfferForm({
  id,
  initial,
  kindOptions,
  institutions,
  institutionName,
  submitLabel,
  busy,
  errors,
  onSubmit,
  actions,
  children,
}: OfferFormProps) {
  const [values, setValues] = useState(initial);
  const summaryRef = useRef<HTMLDivElement>(null);
  const inputId = (field: string) => fieldId(id, field);
  const error = (field: string) => messagesOf(errors, field) || undefined;
  const summary: FieldErrorItem[] = errors.map((e) => ({
    field: e.field,
    label: FIELD_LABELS[e.field],
    messages: e.messages,
    targetId: e.field in FIELD_LABELS ? inputId(e.field) : undefined,
  }));

  // A failed attempt: the summary takes the focus.
  useEffect(() => {
    if (errors.length) summaryRef.current?.focus();
  }, [errors]);

  function set<K extends keyof OfferFormValues>(key: K, value: OfferFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!busy) onSubmit(values);
  }

  const text = (field: keyof OfferFormValues, label: string, required: boolean, type = 'text') => (
    <Field id={inputId(field)} label={label} required={required} error={error(field)}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={values[field]}
          onChange={(event) => set(field, event.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form id={id} className="offer-form" onSubmit={handleSubmit} noValidate>
      {children}
      <FieldErrors items={summary} heading="Bitte prüfen Sie:" ref={summaryRef} />
      <div className="form-grid">
        {institutions ? (
          <Field id={inputId('institutionId')} label="Institution" error={error('institutionId')}>
            {(control) => (
              <select
                {...control}
                value={values.institutionId}
                onChange={(event) => set('institutionId', event.target.value)}
              >
                {institutions.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <p className="field">
            <span className="field__label">Institution</span>
            <span>{institutionName}</span>
          </p>
        )}
        <Field id={inputId('kind')} label="Art" required error={error('kind')}>
          {(control) => (
            <select
              {...control}
              value={values.kind}
              onChange={(event) => set('kind', event.target.value as OfferKind | '')}
            >
              <option value="">– bitte wählen –</option>
              {kindOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-grid__wide">{text('name', 'Name', true)}</div>
        <div className="form-grid__wide">{text('targetGroup', 'Zielgruppe', true)}</div>
        {text('legalBasis', 'Rechtsgrundlage', true)}
        {text('contactName', 'Ansprechperson', true)}
        {text('contactEmail', 'E-Mail', false, 'email')}
        {text('contactPhone', 'Telefon', false, 'tel')}
        <Field
          id={inputId('description')}
          label="Beschreibung"
          error={error('description')}
          className="form-grid__wide"
        >
          {(control) => (
            <textarea
              {...control}
              rows={3}
              maxLength={4000}
              value={values.description}
              onChange={(event) => set('description', event.target.value)}
            />
          )}
        </Field>
        {text('activeFrom', 'Beginn', true, 'date')}
        <Field
          id={inputId('activeTo')}
          label="Ende"
          hint="Letzter Tag; leer, solange das Angebot läuft"
          error={error('activeTo')}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              value={values.activeTo}
              onChange={(event) => set('activeTo', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {submitLabel}
        </button>
        {actions?.(values)}
      </div>
    </form>
  );
}
