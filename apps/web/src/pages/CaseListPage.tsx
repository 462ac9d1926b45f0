import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { Pagination } from '../components/Pagination';
import { SelectField } from '../components/SelectField';
import { ErrorMessage, Loading } from '../components/Status';
import { formatDateTime, plural } from '../format';
import { useDocumentTitle, useResource } from '../hooks';

const PAGE_SIZE = 20;

export function CaseListPage() {
  useDocumentTitle('Fälle');
  const [searchParams, setSearchParams] = useSearchParams();
  const status = searchParams.get('status') ?? '';
  const parsedPage = Number.parseInt(searchParams.get('page') ?? '1', 10);
  const page = Number.isFinite(parsedPage) && parsedPage > 0 ? parsedPage : 1;
  const query = { status: status || undefined, page, pageSize: PAGE_SIZE };
  const referrals = useResource(JSON.stringify(query), (signal) => api.referrals(query, signal));
  const result = referrals.data;

  function update(changes: { status?: string; page?: number }) {
    const next = new URLSearchParams(searchParams);
    if ('status' in changes) {
      if (changes.status) next.set('status', changes.status);
      else next.delete('status');
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
        aria-label="Fälle filtern"
        method="get"
        action="/faelle"
        onSubmit={(event) => {
          event.preventDefault();
          update({ status: String(new FormData(event.currentTarget).get('status') ?? '') });
        }}
      >
        <SelectField
          id="filter-status"
          name="status"
          label="Status"
          options={options}
          value={status}
          onChange={(value) => update({ status: value })}
        />
        <div className="filters__actions">
          <button type="submit">Anwenden</button>
        </div>
      </form>

      <ErrorMessage error={referrals.error} />
      {!result && referrals.loading && <Loading />}
      {result && result.items.length === 0 && <p className="empty">Keine Fälle gefunden.</p>}
      {result && result.items.length > 0 && (
        <div className="table-wrap" aria-busy={referrals.loading}>
          <table className="table">
            <caption className="visually-hidden">Fälle</caption>
            <thead>
              <tr>
                <th scope="col">Aktenzeichen</th>
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
