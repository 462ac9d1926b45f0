import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import type { FieldError } from './api';

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** Loads again (keeps showing the current data meanwhile). */
  reload: () => void;
  /** Replaces the data, e.g. with the answer of a POST. */
  setData: (data: T) => void;
}

/**
 * Loads something from the API whenever `key` changes; aborts the request on unmount or when a
 * newer one starts. `load` must only depend on what `key` describes.
 */
export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    load(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setLoading(false);
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(toApiError(reason));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // `load` is re-created on every render on purpose; `key` says when it means something else.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload, setData };
}

export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  return new ApiError(0, {
    statusCode: 0,
    code: 'client',
    message: reason instanceof Error ? reason.message : 'Unbekannter Fehler.',
  });
}

/** Sets the browser tab's title: "<title> – Lotse". */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} – Lotse` : 'Lotse';
  }, [title]);
}

/** What went wrong with a form's submission: the fields a 400 names, or one message. */
export function useFormProblems() {
  const [error, setError] = useState<ApiError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const clear = useCallback(() => {
    setError(null);
    setFieldErrors([]);
  }, []);
  /** Shows a failure: per field when the server named fields, else as one message. */
  const show = useCallback((failure: ApiError) => {
    if (failure.status === 400 && failure.fieldErrors.length) setFieldErrors(failure.fieldErrors);
    else setError(failure);
  }, []);
  return { error, fieldErrors, clear, show };
}
