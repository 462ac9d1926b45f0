import { useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { canManageAccounts, doesCaseWork, homePath, useAuth, useUser } from '../auth';
import { mayHandleErasure } from '../pages/ErasureRequestsPage';

/** Frame of all signed-in pages: header with navigation, user and sign-out. */
export function Layout() {
  const user = useUser();
  const { signOut } = useAuth();
  const [signingOut, setSigningOut] = useState(false);

  async function handleSignOut() {
    setSigningOut(true);
    // Forgetting the user sends every signed-in page to /anmelden.
    await signOut();
  }

  return (
    <>
      <a className="skip-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to={homePath(user)} className="brand">
            Lotse
          </Link>
          <nav aria-label="Hauptnavigation" className="main-nav">
            {doesCaseWork(user) && (
              <>
                <NavLink to="/aufgaben">Aufgaben</NavLink>
                <NavLink to="/faelle">Fälle</NavLink>
                <NavLink to="/konferenzen">Fallkonferenzen</NavLink>
                <NavLink to="/angebote">Angebote</NavLink>
              </>
            )}
            {canManageAccounts(user) && <NavLink to="/konten">Konten</NavLink>}
            {canManageAccounts(user) && <NavLink to="/einstellungen">Einstellungen</NavLink>}
            {user.roles.includes('data-protection-officer') && (
              <NavLink to="/datenschutz" end>
                Datenschutz
              </NavLink>
            )}
            {mayHandleErasure(user.roles) && (
              <NavLink to="/datenschutz/loeschung">Löschersuchen</NavLink>
            )}
          </nav>
          <div className="user-box">
            <span className="user-box__name">{user.displayName}</span>
            <span className="user-box__institution">{user.institution.name}</span>
            <NavLink to="/benachrichtigungen" className="user-box__link">
              Benachrichtigungen
            </NavLink>
          </div>
          <button
            type="button"
            className="button-secondary"
            onClick={() => void handleSignOut()}
            disabled={signingOut}
          >
            Abmelden
          </button>
        </div>
      </header>
      <main id="inhalt" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
