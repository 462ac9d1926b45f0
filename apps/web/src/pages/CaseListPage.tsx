import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { Pagination } from '../components/Pagination';
import { SelectField } from '../components/SelectField';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime, plural } from '../format';
import { useDocumentTitle, useResource } from '../hooks';
import '../styles/case.css';

const PAGE_SIZE = 20;
const SEARCH_MAX = 100;

export function CaseListPage() {
  useDocumentTitle('Fälle');
  const [searchParams, setSearchParams] = useSearchParams();
  const status = searchParams.get('status') ?? '';
  const q = (searchParams.get('q') ?? '').slice(0, SEARCH_MAX);
  const parsedPage = Number.parseInt(searchParams.get('page') ?? '1', 10);
  const page = Number.isFinite(parsedPage) && parsedPage > 0 ? parsedPage : 1;
  const query = {
    status: status || undefined,
    q: q.trim() || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const referrals = useResource(JSON.stringify(query), (signal) => api.referrals(query, signal));
  const result = referrals.data;
  const [search, setSearch] = useState(q);
  /** A status filter from the address bar the server does not know (e.g. an old bookmark). */
  const [unknownStatus, setUnknownStatus] = useState<string | null>(null);

  useEffect(() => setSearch(q), [q]);

  // An unknown `?status=` is not an error for the user: say so, and show all cases instead.
  const statusRefused =
    referrals.error?.status === 400 &&
    referrals.error.fieldErrors.some((e) => e.field === 'status');
  useEffect(() => {
    if (!statusRefused || !status) return;
    setUnknownStatus(status);
    const next = new URLSearchParams(searchParams);
    next.delete('status');
    next.delete('page');
    setSearchParams(next, { replace: true });
  }, [statusRefused]);

  function update(changes: { status?: string; q?: string; page?: number }) {
    const next = new URLSearchParams(searchParams);
    if ('status' in changes) {
      if (changes.status) next.set('status', changes.status);
      else next.delete('status');
      next.delete('page');
      setUnknownStatus(null);
    }
    if ('q' in changes) {
      const text = changes.q?.trim() ?? '';
      if (text) next.set('q', text);
      else next.delete('q');
      next.delete('page');
    }
    if (changes.page !== undefined) {
      if (changes.page > 1) next.set('page', String(changes.page));
      else next.delete('page');
    }
    setSearchParams(next);
  }

  const statusOptions = result?.statusOptions ?? [];
  const options = [
    { value: '', label: 'alle' },
    ...statusOptions,
    ...(status && !statusOptions.some((o) => o.value === status)
      ? [{ value: status, label: status }]
      : []),
  ];
  const showsNames = Boolean(result?.items.some((item) => item.youngPersonName));

  return (
    <>
      <div className="page-heading">
        <h1>Fälle</h1>
        {result && <p className="muted">{plural(result.total, 'Fall', 'Fälle')}</p>}
        <Link to="/faelle/neu" className="button-link button-primary page-heading__action">
          Fall melden
        </Link>
      </div>

      <form
        className="filters"
        role="search"
        aria-label="Fälle suchen und filtern"
        method="get"
        action="/faelle"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          update({
            status: String(form.get('status') ?? ''),
            q: String(form.get('q') ?? ''),
          });
        }}
      >
        <div className="field case-search">
          <label htmlFor="filter-q">Suche</label>
          <input
            id="filter-q"
            name="q"
            type="search"
            maxLength={SEARCH_MAX}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            aria-describedby="filter-q-hint"
          />
          <p className="field__hint" id="filter-q-hint">
            Aktenzeichen, meldende Stelle oder Name des jungen Menschen (Namen nur in Fällen, die
            Sie einsehen dürfen)
          </p>
        </div>
        <SelectField
          id="filter-status"
          name="status"
          label="Status"
          options={options}
          value={status}
          onChange={(value) => update({ status: value, q: search })}
        />
        <div className="filters__actions">
          <button type="submit">Suchen</button>
          {(q || status) && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setSearch('');
                update({ status: '', q: '' });
              }}
            >
              Zurücksetzen
            </button>
          )}
        </div>
      </form>

      {unknownStatus && (
        <Notice tone="warning">
          Den Status „{unknownStatus}“ gibt es nicht. Es werden alle Fälle gezeigt; bitte wählen Sie
          einen Status aus der Liste.
        </Notice>
      )}
      {!statusRefused && <ErrorMessage error={referrals.error} />}
      {!result && referrals.loading && <Loading />}
      {result && result.items.length === 0 && (
        <p className="empty" role="status">
          {query.q ? `Keine Fälle zu „${query.q}“ gefunden.` : 'Keine Fälle gefunden.'}
        </p>
      )}
      {result && result.items.length > 0 && (
        <div className="table-wrap" aria-busy={referrals.loading}>
          <table className="table">
            <caption className="visually-hidden">
              Fälle{query.q ? ` zur Suche „${query.q}“` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Aktenzeichen</th>
                {showsNames && <th scope="col">Junger Mensch</th>}
                <th scope="col">Status</th>
                <th scope="col">Meldende Stelle</th>
                <th scope="col">Eingegangen</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((referral) => (
                <tr key={referral.id} data-case-id={referral.id}>
                  <td>
                    <Link to={`/faelle/${encodeURIComponent(referral.id)}`}>
                      {referral.reference}
                    </Link>
                  </td>
                  {showsNames && (
                    <td>
                      {referral.youngPersonName ?? (
                        <span className="muted">
                          keine Angabe<span className="visually-hidden"> ohne Einwilligung</span>
                        </span>
                      )}
                    </td>
                  )}
                  <td>{referral.statusLabel}</td>
                  <td>{referral.referringInstitution.name}</td>
                  <td className="nowrap">{formatDateTime(referral.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && result.total > 0 && (
        <Pagination
          label="Seiten der Fallliste"
          page={result.page}
          pageSize={result.pageSize}
          total={result.total}
          onChange={(next) => update({ page: next })}
        />
      )}
    </>
  );
}
