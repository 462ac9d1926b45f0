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

/** "Bitte prüfen:" with one line per field: "<Label> (<field>): <messages>". */
export function FieldErrors({ items, heading = 'Bitte prüfen:', ref }: FieldErrorsProps) {
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error field-errors" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <strong>{heading}</strong>
      </p>
      <ul>
        {items.map((item) => {
          const name = item.label ?? item.field;
          return (
            <li key={item.field} data-field={item.field}>
              {item.targetId ? (
                <a
                  href={`#${item.targetId}`}
                  onClick={(event) => jumpTo(event, item.targetId ?? '')}
                >
                  <strong>{name}</strong>
                </a>
              ) : (
                <strong>{name}</strong>
              )}
              {item.label && item.label !== item.field && (
                <>
                  {' '}
                  <span className="muted">({item.field})</span>
                </>
              )}
              : {item.messages.join(' ')}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
