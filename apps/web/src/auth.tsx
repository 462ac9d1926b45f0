import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from './api';
import type { Role, User } from './api';

export type AuthStatus = 'loading' | 'signed-in' | 'signed-out' | 'error';

interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  /** Why the session could not be checked (server unreachable …), when status is 'error'. */
  error: string | null;
  /** The user signed out on purpose (as opposed to: never signed in, session expired). */
  signedOutOnPurpose: boolean;
  signIn: (username: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
  /** Forgets the user locally (after a 401 somewhere). */
  signedOut: () => void;
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [signedOutOnPurpose, setSignedOutOnPurpose] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (me) => {
        if (controller.signal.aborted) return;
        setUser(me);
        setStatus('signed-in');
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return;
        setUser(null);
        if (reason instanceof ApiError && reason.status === 401) {
          setStatus('signed-out');
        } else {
          setError(reason instanceof Error ? reason.message : 'Unbekannter Fehler.');
          setStatus('error');
        }
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const signedOut = useCallback(() => {
    setUser(null);
    setStatus('signed-out');
  }, []);

  // Any 401 from the API ends the session in the UI; the routes then show the sign-in page.
  useEffect(() => {
    onUnauthorized(signedOut);
    return () => onUnauthorized(null);
  }, [signedOut]);

  const signIn = useCallback(async (username: string, password: string) => {
    const { user: signedIn } = await api.login(username, password);
    setUser(signedIn);
    setStatus('signed-in');
    setSignedOutOnPurpose(false);
    return signedIn;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The cookie may be gone already; the UI forgets the user either way.
    }
    setSignedOutOnPurpose(true);
    signedOut();
  }, [signedOut]);

  const retry = useCallback(() => {
    setStatus('loading');
    setError(null);
    setAttempt((a) => a + 1);
  }, []);

  const value = useMemo(
    () => ({ status, user, error, signedOutOnPurpose, signIn, signOut, signedOut, retry }),
    [status, user, error, signedOutOnPurpose, signIn, signOut, signedOut, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside of <AuthProvider>');
  return context;
}

/** The signed-in user; only for pages behind the sign-in check. */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

export function isCoordinator(user: User): boolean {
  return user.roles.includes('coordinator');
}

/** Coordinators and admins plan, reschedule and cancel case conferences. */
export function canManageAccounts(user: User): boolean {
  return user.roles.includes('admin');
}

/**
 * Case work (tasks, cases, conferences, offers) is for caseworkers, coordinators and admins; an
 * account that is only the data protection officer has its own pages (the API answers 403).
 */
export function doesCaseWork(user: User): boolean {
  const staff: Role[] = ['caseworker', 'coordinator', 'admin'];
  return staff.some((r) => user.roles.includes(r));
}

/** The first page after signing in. */
export function homePath(user: User): string {
  return doesCaseWork(user) ? '/aufgaben' : '/datenschutz';
}

export function canManageConferences(user: User): boolean {
  return user.roles.includes('coordinator') || user.roles.includes('admin');
}
