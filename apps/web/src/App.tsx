import { lazy, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation, useParams } from 'react-router-dom';
import { homePath, useAuth, useUser } from './auth';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';
import { CaseListPage } from './pages/CaseListPage';
import { ConferenceDetailPage } from './pages/ConferenceDetailPage';
import { ConferenceListPage } from './pages/ConferenceListPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OfferListPage } from './pages/OfferListPage';
import { ReferralFormPage } from './pages/ReferralFormPage';
import { TaskListPage } from './pages/TaskListPage';
import { AccountsPage } from './pages/AccountsPage';
import { SettingsPage } from './pages/SettingsPage';
import { DataProtectionPage } from './pages/DataProtectionPage';
import { ErasureRequestsPage } from './pages/ErasureRequestsPage';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';

// The pages with form-js and bpmn-js load on demand: sign-in and lists stay light.
const TaskDetailPage = lazy(() =>
  import('./pages/TaskDetailPage').then((m) => ({ default: m.TaskDetailPage })),
);
const CaseDetailPage = lazy(() =>
  import('./pages/CaseDetailPage').then((m) => ({ default: m.CaseDetailPage })),
);

/** `/`: the task list, or the data protection page for an account that does no case work. */
function HomeRedirect() {
  return <Navigate to={homePath(useUser())} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/anmelden" element={<LoginPage />} />
      <Route element={<RequireSignIn />}>
        <Route element={<Layout />}>
          <Route index element={<HomeRedirect />} />
          <Route path="/aufgaben" element={<TaskListPage />} />
          <Route path="/aufgaben/:id" element={<TaskDetailRoute />} />
          <Route path="/faelle" element={<CaseListPage />} />
          <Route path="/faelle/neu" element={<ReferralFormPage />} />
          <Route path="/faelle/:id" element={<CaseDetailRoute />} />
          <Route path="/konferenzen" element={<ConferenceListPage />} />
          <Route path="/konferenzen/:id" element={<ConferenceDetailRoute />} />
          <Route path="/angebote" element={<OfferListPage />} />
          <Route path="/konten" element={<AccountsPage />} />
          <Route path="/einstellungen" element={<SettingsPage />} />
          <Route path="/datenschutz" element={<DataProtectionPage />} />
          <Route path="/datenschutz/loeschung" element={<ErasureRequestsPage />} />
          <Route path="/benachrichtigungen" element={<NotificationSettingsPage />} />
        </Route>
      </Route>
      <Route path="*" element={<NotFoundRoute />} />
    </Routes>
  );
}

/** Pages below only render with a signed-in user; otherwise (also after any 401) → /anmelden. */
function RequireSignIn() {
  const { status, user, error, retry, signedOutOnPurpose } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'error') {
    return (
      <main className="centered">
        <div className="card">
          <h1>Lotse ist gerade nicht erreichbar</h1>
          <p role="alert">{error}</p>
          <button type="button" onClick={retry}>
            Erneut versuchen
          </button>
        </div>
      </main>
    );
  }
  if (status === 'signed-out') {
    // Remember the page (e.g. a case link from a mail) to return to after signing in.
    const from = signedOutOnPurpose ? undefined : location.pathname + location.search;
    return <Navigate to="/anmelden" replace state={from ? { from } : null} />;
  }
  // Until the account has a password of its own, the API refuses everything else.
  if (user?.mustChangePassword) return <ChangePasswordPage />;
  return <Outlet />;
}

// A fresh page per id, so nothing of the previous task or case shows while the next one loads.
function TaskDetailRoute() {
  const { id = '' } = useParams();
  return (
    <Suspense fallback={<Loading />}>
      <TaskDetailPage key={id} id={id} />
    </Suspense>
  );
}

function CaseDetailRoute() {
  const { id = '' } = useParams();
  return (
    <Suspense fallback={<Loading />}>
      <CaseDetailPage key={id} id={id} />
    </Suspense>
  );
}

function ConferenceDetailRoute() {
  const { id = '' } = useParams();
  return <ConferenceDetailPage key={id} id={id} />;
}

/** Unknown address: inside the usual frame when signed in, on its own otherwise. */
function NotFoundRoute() {
  const { status } = useAuth();
  if (status === 'loading') return <Loading />;
  if (status === 'signed-in') {
    return (
      <Routes>
        <Route element={<Layout />}>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    );
  }
  return <NotFoundPage standalone />;
}
