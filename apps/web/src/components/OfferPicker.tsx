import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { api } from '../api';
import type { Offer } from '../api';
import { toApiError } from '../hooks';

/** An offer as a form keeps it once chosen (e.g. for a measure of a protocol). */
export interface OfferChoice {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  institutionId: string;
  institutionName: string;
}

export function toOfferChoice(offer: Offer): OfferChoice {
  return {
    id: offer.id,
    name: offer.name,
    kind: offer.kind,
    kindLabel: offer.kindLabel,
    institutionId: offer.institutionId,
    institutionName: offer.institutionName,
  };
}

interface OfferPickerProps {
  value: OfferChoice | null;
  onChange: (offer: OfferChoice | null) => void;
  /** Only offers that run on this day (`YYYY-MM-DD`); all offers without it. */
  activeOn?: string;
  /** "Angebot" unless told otherwise. */
  label?: string;
  /** id of the input (the error summary links to it). */
  id?: string;
  /** The server's message for this field. */
  error?: string;
}

const MAX_MATCHES = 10;
const DEBOUNCE_MS = 250;

/**
 * Picks an offer of the JBA's offers overview: a combobox (ARIA 1.2) whose list shows the offers
 * matching what was typed (`GET /offers?q=…&activeOn=…`). Arrow keys move through the matches,
 * Enter chooses, Escape closes the list; typing again drops the choice, "×" clears it.
 */
export function OfferPicker({
  value,
  onChange,
  activeOn,
  label = 'Angebot',
  id,
  error,
}: OfferPickerProps) {
  const generated = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const inputId = id ?? `offer-picker-${generated}`;
  const listId = `${inputId}-listbox`;
  const optionId = (index: number) => `${inputId}-option-${index}`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value?.name ?? '');
  const [open, setOpen] = useState(false);
  const [matches, setMatches] = useState<OfferChoice[]>([]);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // A choice made outside (a form that is reset or loaded) shows in the input.
  useEffect(() => {
    setText(value?.name ?? '');
  }, [value?.id, value?.name]);

  // While the list is open, it follows what is typed (a moment after the last key).
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .offers({ q: text.trim() || undefined, activeOn, pageSize: MAX_MATCHES }, controller.signal)
        .then(
          (page) => {
            if (controller.signal.aborted) return;
            setMatches(page.items.map(toOfferChoice));
            setTotal(page.total);
            setActive(page.items.length ? 0 : -1);
            setFailure(null);
            setLoading(false);
          },
          (reason: unknown) => {
            if (controller.signal.aborted) return;
            setMatches([]);
            setTotal(0);
            setActive(-1);
            setFailure(toApiError(reason).message);
            setLoading(false);
          },
        );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, text, activeOn]);

  function choose(choice: OfferChoice) {
    onChange(choice);
    setText(choice.name);
    setOpen(false);
  }

  function clear() {
    onChange(null);
    setText('');
    setOpen(false);
    inputRef.current?.focus();
  }

  function type(next: string) {
    setText(next);
    setOpen(true);
    if (value) onChange(null);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else setActive((i) => Math.min(i + 1, matches.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (open) setActive((i) => Math.max(i - 1, 0));
        break;
      case 'Enter':
        if (open && active >= 0 && matches[active]) {
          event.preventDefault();
          choose(matches[active]);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          setOpen(false);
        } else if (!value && text) {
          event.preventDefault();
          setText('');
        }
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  const status = !open
    ? ''
    : loading
      ? 'Suche läuft …'
      : failure
        ? failure
        : total === 0
          ? 'Keine Angebote gefunden.'
          : total > matches.length
            ? `${total} Angebote gefunden, die ersten ${matches.length} werden gezeigt.`
            : `${total} ${total === 1 ? 'Angebot' : 'Angebote'} gefunden.`;
  const describedBy =
    [value ? `${inputId}-choice` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ') ||
    undefined;

  return (
    <div className="field offer-picker">
      <label htmlFor={inputId}>{label}</label>
      <div className="offer-picker__control">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          placeholder="Name, Zielgruppe oder Rechtsgrundlage"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          value={text}
          onChange={(event) => type(event.target.value)}
          onKeyDown={handleKeyDown}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
        />
        {(value || text) && (
          <button
            type="button"
            className="button-small offer-picker__clear"
            onClick={clear}
            aria-label={`${label}: Auswahl entfernen`}
            title="Auswahl entfernen"
          >
            ×
          </button>
        )}
        <div className="offer-picker__popup" hidden={!open || (!matches.length && !status)}>
          <ul
            id={listId}
            role="listbox"
            aria-label={`${label}: Treffer`}
            // Keeps the focus in the input while an option is clicked.
            onMouseDown={(event) => event.preventDefault()}
          >
            {matches.map((match, index) => (
              <li
                key={match.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={
                  index === active ? 'offer-picker__option is-active' : 'offer-picker__option'
                }
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(match)}
              >
                <span className="offer-picker__name">{match.name}</span>
                <span className="offer-picker__meta">
                  {match.kindLabel} · {match.institutionName}
                </span>
              </li>
            ))}
          </ul>
          {status && <p className="offer-picker__status">{status}</p>}
        </div>
      </div>
      {value && (
        <p className="field__hint" id={`${inputId}-choice`}>
          Ausgewählt: {value.kindLabel} · {value.institutionName}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${inputId}-error`}>
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {loading ? '' : status}
      </p>
    </div>
  );
}
