import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { Offer, OfferQuery, Option } from '../api';
import { useUser } from '../auth';
import { Checkbox } from '../components/FormFields';
import {
  emptyOffer,
  OfferForm,
  offerValues,
  toOfferChanges,
  toOfferSubmission,
} from '../components/OfferForm';
import type { OfferFormValues } from '../components/OfferForm';
import { Pagination } from '../components/Pagination';
import { SelectField } from '../components/SelectField';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { berlinToday, formatDate, plural } from '../format';
import { toApiError, useDocumentTitle, useFormProblems, useResource } from '../hooks';

const PAGE_SIZE = 20;

/** Angebotsübersicht: the support offers of all partners of the JBA, searchable. */
export function OfferListPage() {
  useDocumentTitle('Angebote');
  const user = useUser();
  const [today] = useState(berlinToday);
  const [searchParams, setSearchParams] = useSearchParams();
  const text = searchParams.get('q') ?? '';
  const kind = searchParams.get('art') ?? '';
  const institutionId = searchParams.get('institution') ?? '';
  const onlyActive = searchParams.get('alle') !== '1';
  const parsedPage = Number.parseInt(searchParams.get('page') ?? '1', 10);
  const page = Number.isFinite(parsedPage) && parsedPage > 0 ? parsedPage : 1;
  const query: OfferQuery = {
    q: text || undefined,
    kind: kind || undefined,
    institutionId: institutionId || undefined,
    activeOn: onlyActive ? today : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const offers = useResource(JSON.stringify(query), (signal) => api.offers(query, signal));
  const institutions = useResource('institutions', (signal) => api.institutions(signal));
  const jbaInstitutions: Option[] = (institutions.data ?? [])
    .filter((i) => i.jbaId === user.jbaId)
    .map((i) => ({ value: i.id, label: i.name }));
  const result = offers.data;
  const kindOptions = result?.kindOptions ?? [];
  const [editing, setEditing] = useState<Offer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setSearchParams(next);
  }

  function saved(message: string) {
    setNotice(message);
    setEditing(null);
    offers.reload();
  }

  return (
    <>
      <div className="page-heading">
        <h1>Angebote</h1>
        {result && <p className="muted">{plural(result.total, 'Angebot', 'Angebote')}</p>}
        <a href="#offer-new-heading" className="button-link button-primary page-heading__action">
          Angebot anlegen
        </a>
      </div>
      <p className="muted">
        Die Angebotsübersicht der Jugendberufsagentur: Unterstützungsangebote aller Partner. Jede
        Institution pflegt ihre eigenen Angebote; ein Angebot endet mit seinem letzten Tag.
      </p>

      <form
        className="filters"
        role="search"
        aria-label="Angebote suchen"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          update({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
        }}
      >
        <div className="field">
          <label htmlFor="offer-search">Suche</label>
          <input
            id="offer-search"
            name="q"
            type="search"
            defaultValue={text}
            key={text}
            placeholder="Name, Zielgruppe, Rechtsgrundlage …"
          />
        </div>
        <SelectField
          id="offer-filter-kind"
          name="art"
          label="Art"
          options={[{ value: '', label: 'alle' }, ...kindOptions]}
          value={kind}
          onChange={(value) => update({ art: value })}
        />
        <SelectField
          id="offer-filter-institution"
          name="institution"
          label="Institution"
          options={[{ value: '', label: 'alle' }, ...jbaInstitutions]}
          value={institutionId}
          onChange={(value) => update({ institution: value })}
        />
        <Checkbox
          id="offer-filter-active"
          label="nur aktive"
          checked={onlyActive}
          onChange={(checked) => update({ alle: checked ? undefined : '1' })}
        />
        <div className="filters__actions">
          <button type="submit">Suchen</button>
        </div>
      </form>

      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={offers.error} />
      {!result && offers.loading && <Loading />}
      {result && result.items.length === 0 && <p className="empty">Keine Angebote gefunden.</p>}
      {result && result.items.length > 0 && (
        <OfferTable
          items={result.items}
          busy={offers.loading}
          onEdit={(offer) => {
            setNotice(null);
            setEditing(offer);
          }}
        />
      )}
      {result && result.total > 0 && (
        <Pagination
          label="Seiten der Angebotsübersicht"
          page={result.page}
          pageSize={result.pageSize}
          total={result.total}
          onChange={(next) => update({ page: next > 1 ? String(next) : undefined })}
        />
      )}

      {editing && kindOptions.length > 0 && (
        <EditOfferSection
          key={`${editing.id}:${editing.version}`}
          offer={editing}
          kindOptions={kindOptions}
          today={today}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}
      {kindOptions.length > 0 && (
        <NewOfferSection
          kindOptions={kindOptions}
          institutions={user.roles.includes('admin') ? jbaInstitutions : undefined}
          today={today}
          onCreated={(offer) => saved(`Das Angebot „${offer.name}“ ist angelegt.`)}
        />
      )}
    </>
  );
}

function Period({ offer }: { offer: Offer }) {
  const from = <span className="nowrap">{formatDate(offer.activeFrom)}</span>;
  if (!offer.activeTo) return <>ab {from}</>;
  return (
    <>
      {from} – <span className="nowrap">{formatDate(offer.activeTo)}</span>
    </>
  );
}

function OfferTable({
  items,
  busy,
  onEdit,
}: {
  items: Offer[];
  busy: boolean;
  onEdit: (offer: Offer) => void;
}) {
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="table offer-table">
        <caption className="visually-hidden">Angebote</caption>
        <colgroup>
          <col className="offer-table__name" />
          <col className="offer-table__kind" />
          <col className="offer-table__institution" />
          <col className="offer-table__target" />
          <col className="offer-table__legal" />
          <col className="offer-table__contact" />
          <col className="offer-table__period" />
          <col className="offer-table__actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Art</th>
            <th scope="col">Institution</th>
            <th scope="col">Zielgruppe</th>
            <th scope="col">Rechtsgrundlage</th>
            <th scope="col">Kontakt</th>
            <th scope="col">Zeitraum</th>
            <th scope="col">
              <span className="visually-hidden">Aktionen</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((offer) => (
            <tr key={offer.id} data-offer-id={offer.id} data-active={offer.active}>
              <td>
                <strong>{offer.name}</strong>
                {offer.description && (
                  <div className="muted offer-table__description" title={offer.description}>
                    {offer.description}
                  </div>
                )}
              </td>
              <td>{offer.kindLabel}</td>
              <td>{offer.institutionName}</td>
              <td>{offer.targetGroup}</td>
              <td>{offer.legalBasis}</td>
              <td>
                {offer.contactName}
                {offer.contactEmail && (
                  <div>
                    <a href={`mailto:${offer.contactEmail}`}>{offer.contactEmail}</a>
                  </div>
                )}
                {offer.contactPhone && <div className="nowrap">{offer.contactPhone}</div>}
              </td>
              <td>
                <Period offer={offer} />
                {!offer.active && (
                  <div>
                    <span className="badge badge-cancelled badge--flush">nicht aktiv</span>
                  </div>
                )}
              </td>
              <td className="actions">
                {offer.editable && (
                  <button
                    type="button"
                    className="button-small"
                    onClick={() => onEdit(offer)}
                    aria-label={`„${offer.name}“ bearbeiten`}
                  >
                    Bearbeiten
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface SectionProps {
  kindOptions: Option[];
  today: string;
}

function NewOfferSection({
  kindOptions,
  institutions,
  today,
  onCreated,
}: SectionProps & { institutions?: Option[]; onCreated: (offer: Offer) => void }) {
  const user = useUser();
  const problems = useFormProblems();
  const [busy, setBusy] = useState(false);
  /** A fresh, empty form after each offer. */
  const [generation, setGeneration] = useState(0);

  async function create(values: OfferFormValues) {
    setBusy(true);
    problems.clear();
    try {
      const offer = await api.createOffer(toOfferSubmission(values, Boolean(institutions)));
      setGeneration((g) => g + 1);
      onCreated(offer);
    } catch (reason) {
      problems.show(toApiError(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="offer-new-heading">
      <h2 id="offer-new-heading">Neues Angebot</h2>
      <OfferForm
        key={generation}
        id="offer-new"
        initial={emptyOffer(user.institution.id, today)}
        kindOptions={kindOptions}
        institutions={institutions}
        institutionName={user.institution.name}
        submitLabel="Angebot anlegen"
        busy={busy}
        errors={problems.fieldErrors}
        onSubmit={(values) => void create(values)}
      >
        <ErrorMessage error={problems.error} />
      </OfferForm>
    </section>
  );
}

function EditOfferSection({
  offer,
  kindOptions,
  today,
  onSaved,
  onCancel,
}: SectionProps & {
  offer: Offer;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const problems = useFormProblems();
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'start' });
  }, []);

  async function save(values: OfferFormValues, message: string) {
    setBusy(true);
    problems.clear();
    try {
      await api.updateOffer(offer.id, toOfferChanges(values, offer.version));
      onSaved(message);
    } catch (reason) {
      problems.show(toApiError(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="offer-edit-heading">
      <h2 id="offer-edit-heading" tabIndex={-1} ref={headingRef}>
        Angebot bearbeiten: {offer.name}
      </h2>
      <OfferForm
        id="offer-edit"
        initial={offerValues(offer)}
        kindOptions={kindOptions}
        institutionName={offer.institutionName}
        submitLabel="Änderungen speichern"
        busy={busy}
        errors={problems.fieldErrors}
        onSubmit={(values) => void save(values, `Das Angebot „${values.name}“ ist gespeichert.`)}
        actions={(values) => (
          <>
            {offer.active && (
              <button
                type="button"
                className="button-danger-outline"
                disabled={busy}
                onClick={() =>
                  void save(
                    { ...values, activeTo: today },
                    `Das Angebot „${values.name}“ endet heute (${formatDate(today)}).`,
                  )
                }
              >
                Angebot heute beenden
              </button>
            )}
            <button type="button" className="button-secondary" onClick={onCancel}>
              Abbrechen
            </button>
          </>
        )}
      >
        <ErrorMessage error={problems.error} />
        {problems.error?.status === 409 && (
          <p className="muted">
            Laden Sie die Übersicht neu und öffnen Sie das Angebot erneut, um auf dem aktuellen
            Stand weiterzuarbeiten.
          </p>
        )}
      </OfferForm>
    </section>
  );
}
