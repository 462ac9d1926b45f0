import type { Ref } from 'react';

export interface FieldErrorItem {
  field: string;
  label?: string;
  messages: string[];
}

interface FieldErrorsProps {
  items: FieldErrorItem[];
  ref?: Ref<HTMLDivElement>;
}

/** "Bitte prüfen:" with one line per field: "<Label> (<field>): <messages>". */
export function FieldErrors({ items, ref }: FieldErrorsProps) {
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error field-errors" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <strong>Bitte prüfen:</strong>
      </p>
      <ul>
        {items.map((item) => (
          <li key={item.field} data-field={item.field}>
            {item.label && item.label !== item.field ? (
              <>
                <strong>{item.label}</strong> <span className="muted">({item.field})</span>
              </>
            ) : (
              <strong>{item.field}</strong>
            )}
            : {item.messages.join(' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
