import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { FieldError } from '../api';
import { dataProtectionApi } from '../dataProtectionApi';
import type { AuditFilter, AuditRow } from '../dataProtectionApi';
import { formatDate, formatDateTime, plural } from '../format';
import { useResource } from '../hooks';
import { FieldErrors } from './FieldErrors';
import { Field, fieldId, messagesOf } from './FormFields';
import { ErrorMessage, Loading } from './Status';
import { Pagination } from './Pagination';

const PAGE_SIZE = 25;

/** The API's filter names and what the page calls them. */
const FIELD_LABELS: Record<string, string> = {
  case: 'Fall',
  staff: 'Mitarbeiter*in',
  from: 'Von',
  to: 'Bis',
  format: 'Format',
};

const id = (field: string) => fieldId('audit', field);

/** Protokollauszug: the audit of the JBA by case, staff member and period, with downloads. */
export function AuditExtract() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: AuditFilter = {
    case: searchParams.get('fall') ?? undefined,
    staff: searchParams.get('mitarbeiter') ?? undefined,
    from: searchParams.get('von') ?? undefined,
    to: searchParams.get('bis') ?? undefined,
  };
  const parsedPage = Number.parseInt(searchParams.get('seite') ?? '1', 10);
  const page = Number.isFinite(parsedPage) && parsedPage > 0 ? parsedPage : 1;
  const own = ownProblems(filter);
  const audit = useResource(JSON.stringify({ filter, page, own: own.length }), (signal) =>
    own.length
      ? Promise.resolve(null)
      : dataProtectionApi.audit({ ...filter, page, pageSize: PAGE_SIZE }, signal),
  );
  const serverFields = audit.error?.status === 400 ? audit.error.fieldErrors : [];
  const problems: FieldError[] = own.length ? own : serverFields;
  const result = audit.data;

  function apply(values: Record<string, string>) {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(values)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete('seite');
    setSearchParams(next);
  }

  return (
    <section aria-labelledby="audit-heading" className="stack">
      <h2 id="audit-heading">Protokollauszug</h2>
      <p className="muted">
        Wer hat wann welche Daten gesehen oder erhalten, auf welcher Einwilligung. Gezeigt wird das
        Protokoll Ihrer Jugendberufsagentur; Namen junger Menschen stehen nicht darin.
      </p>
      <AuditFilterForm
        key={JSON.stringify(filter)}
        filter={filter}
        problems={problems}
        onApply={apply}
      />
      <FieldErrors
        items={problems.map((p) => ({
          field: p.field,
          label: FIELD_LABELS[p.field],
          messages: p.messages,
          targetId: FIELD_LABELS[p.field] ? id(p.field) : undefined,
        }))}
      />
      {audit.error?.status !== 400 && <ErrorMessage error={audit.error} />}
      {!result && audit.loading && <Loading />}
      {result && (
        <>
          <div className="toolbar audit-toolbar">
            <p className="muted">{plural(result.total, 'Eintrag', 'Einträge')}</p>
            <a
              className="button-link button-secondary"
              href={dataProtectionApi.auditDownloadUrl(filter, 'csv')}
              download
            >
              CSV herunterladen
            </a>
            <a
              className="button-link button-secondary"
              href={dataProtectionApi.auditDownloadUrl(filter, 'json')}
              download
            >
              JSON herunterladen
            </a>
          </div>
          {result.items.length === 0 ? (
            <p className="empty">Keine Einträge zu diesen Filtern.</p>
          ) : (
            <AuditTable items={result.items} busy={audit.loading} caption="Protokollauszug" />
          )}
          {result.total > result.pageSize && (
            <Pagination
              label="Seiten des Protokollauszugs"
              page={result.page}
              pageSize={result.pageSize}
              total={result.total}
              onChange={(next) => {
                const params = new URLSearchParams(searchParams);
                if (next > 1) params.set('seite', String(next));
                else params.delete('seite');
                setSearchParams(params);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

/**
 * A German date as typed ("5.3.2026", "05.03.2026") or an ISO date, as `YYYY-MM-DD`; null when
 * it is no real date. The fields are text fields: the date reads German in every browser.
 */
export function parseGermanDate(text: string): string | null {
  const t = text.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const [y, m, d] = german
    ? [Number(german[3]), Number(german[2]), Number(german[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [0, 0, 0];
  if (!y) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  const real =
    date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return real ? date.toISOString().slice(0, 10) : null;
}

export const DATE_MESSAGE = 'Bitte ein Datum als TT.MM.JJJJ angeben.';

/** What the page itself can tell before asking: real dates, and a period that does not end before it starts. */
function ownProblems(f: AuditFilter): FieldError[] {
  const problems: FieldError[] = [];
  const from = f.from ? parseGermanDate(f.from) : null;
  const to = f.to ? parseGermanDate(f.to) : null;
  if (f.from && !from) problems.push({ field: 'from', messages: [DATE_MESSAGE] });
  if (f.to && !to) problems.push({ field: 'to', messages: [DATE_MESSAGE] });
  if (from && to && from > to)
    problems.push({ field: 'to', messages: ['Das Ende des Zeitraums liegt vor seinem Beginn.'] });
  return problems;
}

function AuditFilterForm({
  filter,
  problems,
  onApply,
}: {
  filter: AuditFilter;
  problems: FieldError[];
  onApply: (values: Record<string, string>) => void;
}) {
  const err = (field: string) => messagesOf(problems, field) || undefined;
  const [values, setValues] = useState({
    fall: filter.case ?? '',
    mitarbeiter: filter.staff ?? '',
    von: filter.from ?? '',
    bis: filter.to ?? '',
  });
  const set = (key: keyof typeof values) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({
      fall: values.fall.trim(),
      mitarbeiter: values.mitarbeiter.trim(),
      von: values.von.trim(),
      bis: values.bis.trim(),
    });
  }

  return (
    <form
      className="filters"
      role="search"
      aria-label="Protokoll filtern"
      id="audit-filter"
      onSubmit={submit}
      noValidate
    >
      <Field
        id={id('case')}
        label="Fall"
        hint="Aktenzeichen, z. B. FM-2026-00042"
        error={err('case')}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={100}
            value={values.fall}
            onChange={(e) => set('fall')(e.target.value)}
          />
        )}
      </Field>
      <Field id={id('staff')} label="Mitarbeiter*in" hint="Benutzername" error={err('staff')}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={200}
            value={values.mitarbeiter}
            onChange={(e) => set('mitarbeiter')(e.target.value)}
          />
        )}
      </Field>
      <Field id={id('from')} label="Von" error={err('from')}>
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            placeholder="TT.MM.JJJJ"
            maxLength={10}
            value={values.von}
            onChange={(e) => set('von')(e.target.value)}
          />
        )}
      </Field>
      <Field id={id('to')} label="Bis" error={err('to')}>
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            placeholder="TT.MM.JJJJ"
            maxLength={10}
            value={values.bis}
            onChange={(e) => set('bis')(e.target.value)}
          />
        )}
      </Field>
      <div className="filters__actions">
        <button type="submit">Filtern</button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => onApply({ fall: '', mitarbeiter: '', von: '', bis: '' })}
        >
          Zurücksetzen
        </button>
      </div>
    </form>
  );
}

/** The audit rows as a table (also in the access report). */
export function AuditTable({
  items,
  busy = false,
  caption,
  showCase = true,
}: {
  items: AuditRow[];
  busy?: boolean;
  caption: string;
  showCase?: boolean;
}) {
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table audit-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Zeitpunkt</th>
            <th scope="col">Aktion</th>
            <th scope="col">Mitarbeiter*in</th>
            <th scope="col">Institution</th>
            {showCase && <th scope="col">Fall</th>}
            <th scope="col">Einwilligung</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={row.id} data-audit-id={row.id} data-action={row.action}>
              <td className="nowrap">{formatDateTime(row.at)}</td>
              <td>{row.actionLabel}</td>
              <td>
                {row.actor ? (
                  <>
                    {row.actor.displayName}
                    <div className="muted">{row.actor.username}</div>
                  </>
                ) : (
                  <span className="muted">System</span>
                )}
              </td>
              <td>{row.institution?.name ?? '—'}</td>
              {showCase && <td className="nowrap">{row.case?.reference ?? '—'}</td>}
              <td className="nowrap">
                {row.consent ? `vom ${formatDate(row.consent.signedOn)}` : '—'}
              </td>
              <td className="audit-table__details">{row.details}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
