import { Link, useSearchParams } from 'react-router-dom';
import { useUser } from '../auth';
import { AccessReportSection } from '../components/AccessReportView';
import { AuditExtract } from '../components/AuditExtract';
import { useDocumentTitle } from '../hooks';

type View = 'protokoll' | 'auskunft';

const VIEWS: Array<{ value: View; label: string }> = [
  { value: 'protokoll', label: 'Protokollauszug' },
  { value: 'auskunft', label: 'Auskunft (Art. 15 DSGVO)' },
];

/** Datenschutz: the data protection officer's audit extract and access report. */
export function DataProtectionPage() {
  useDocumentTitle('Datenschutz');
  const user = useUser();
  const [searchParams] = useSearchParams();
  const view: View = searchParams.get('ansicht') === 'auskunft' ? 'auskunft' : 'protokoll';

  if (!user.roles.includes('data-protection-officer')) {
    return (
      <>
        <h1>Datenschutz</h1>
        <p className="alert alert-error" role="alert">
          Diese Seite ist den Datenschutzbeauftragten vorbehalten.
        </p>
      </>
    );
  }

  return (
    <>
      <div className="page-heading no-print">
        <h1>Datenschutz</h1>
      </div>
      <nav className="view-tabs no-print" aria-label="Ansichten der Datenschutz-Seite">
        {VIEWS.map((v) => (
          <Link
            key={v.value}
            to={v.value === 'protokoll' ? '/datenschutz' : `/datenschutz?ansicht=${v.value}`}
            className={v.value === view ? 'view-tabs__tab is-current' : 'view-tabs__tab'}
            aria-current={v.value === view ? 'page' : undefined}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {view === 'protokoll' ? <AuditExtract /> : <AccessReportSection />}
    </>
  );
}
