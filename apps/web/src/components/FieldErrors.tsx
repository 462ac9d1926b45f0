import { useEffect, useRef } from 'react';
import type { MouseEvent, Ref, RefObject } from 'react';
import type { FieldError } from '../api';

export interface FieldErrorItem {
  field: string;
  label?: string;
  messages: string[];
  /** id of the input (or group) to jump to; the label then links there. */
  targetId?: string;
}

interface FieldErrorsProps {
  items: FieldErrorItem[];
  /** "Bitte prüfen:" unless told otherwise. */
  heading?: string;
  ref?: Ref<HTMLDivElement>;
  /**
   * Moves the focus to the list whenever this changes to a new number other than 0 (e.g. a
   * counter of failed submissions), so that screen readers read it and the page scrolls there.
   */
  focusKey?: number;
}

/**
 * The lines of the summary for a form's errors (the server's, or those the form found itself):
 * each named by its German label and linking to its input (`idOf(field)`), in the order of
 * `labels` (the form's order), fields without a label last.
 */
export function summaryItems(
  errors: FieldError[],
  labels: Record<string, string>,
  idOf: (field: string) => string,
): FieldErrorItem[] {
  const order = Object.keys(labels);
  const rank = (field: string) => {
    const i = order.indexOf(field);
    return i < 0 ? order.length : i;
  };
  const byField = new Map<string, string[]>();
  for (const e of errors) byField.set(e.field, [...(byField.get(e.field) ?? []), ...e.messages]);
  return [...byField.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, messages]) => ({
      field,
      label: labels[field],
      messages,
      targetId: labels[field] ? idOf(field) : undefined,
    }));
}

/** Moves the focus to a field named in the list (a plain #hash link would only scroll). */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, targetId: string) {
  const target = document.getElementById(targetId);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'center' });
}

/**
 * "Bitte prüfen:" with one line per field: "<Label>: <messages>". The field's path (the API's
 * `errors[].field`) is not shown: users read German labels (it stays in `data-field`).
 */
export function FieldErrors({ items, heading = 'Bitte prüfen:', ref, focusKey }: FieldErrorsProps) {
  const own = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (focusKey) own.current?.focus();
  }, [focusKey]);
  const setRef = (element: HTMLDivElement | null) => {
    own.current = element;
    if (typeof ref === 'function') ref(element);
    else if (ref) (ref as RefObject<HTMLDivElement | null>).current = element;
  };
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error field-errors" role="alert" tabIndex={-1} ref={setRef}>
      <p>
        <strong>{heading}</strong>
      </p>
      <ul>
        {items.map((item) => {
          const name = item.label;
          const text = item.messages.join(' ');
          return (
            <li key={item.field} data-field={item.field}>
              {name && item.targetId ? (
                <>
                  <a
                    href={`#${item.targetId}`}
                    onClick={(event) => jumpTo(event, item.targetId ?? '')}
                  >
                    <strong>{name}</strong>
                  </a>
                  : {text}
                </>
              ) : name ? (
                <>
                  <strong>{name}</strong>: {text}
                </>
              ) : item.targetId ? (
                <a
                  href={`#${item.targetId}`}
                  onClick={(event) => jumpTo(event, item.targetId ?? '')}
                >
                  {text}
                </a>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
