import type { MouseEvent, Ref } from 'react';

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
export function FieldErrors({ items, heading = 'Bitte prüfen:', ref }: FieldErrorsProps) {
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error field-errors" role="alert" tabIndex={-1} ref={ref}>
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
