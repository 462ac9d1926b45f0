import type { ReactNode } from 'react';
import type { ApiError } from '../api';

export function Loading({ label = 'Wird geladen …' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** An API error as a German message; 401 is handled by the redirect to the sign-in page. */
export function ErrorMessage({ error }: { error: ApiError | null }) {
  if (!error || error.status === 401) return null;
  return (
    <p className="alert alert-error" role="alert">
      {error.message}
    </p>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ReactNode;
  tone?: 'info' | 'success' | 'warning';
}) {
  return (
    <p className={`alert alert-${tone}`} role="status">
      {children}
    </p>
  );
}
