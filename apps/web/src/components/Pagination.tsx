interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  label: string;
}

/** "Zurück" / "Seite X von Y" / "Weiter". */
export function Pagination({ page, pageSize, total, onChange, label }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" onClick={() => onChange(page - 1)} disabled={page <= 1}>
        Zurück
      </button>
      <span aria-live="polite">
        Seite {page} von {pages}
      </span>
      <button type="button" onClick={() => onChange(page + 1)} disabled={page >= pages}>
        Weiter
      </button>
    </nav>
  );
}
