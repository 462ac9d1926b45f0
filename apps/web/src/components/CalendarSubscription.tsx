import { useId, useRef, useState } from 'react';
import { calendarSubscriptionUrl } from '../conferenceApi';
import '../styles/conference.css';

/**
 * "Kalender abonnieren": the public calendar address of the JBA's conference dates in a
 * read-only field with a copy button, and how to subscribe in Outlook, Thunderbird and on an
 * iPhone or iPad. The address holds no case data.
 */
export function CalendarSubscription({ jbaId }: { jbaId: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const base = useId();
  const panelId = `${base}-panel`;
  const address = calendarSubscriptionUrl(jbaId);

  async function copy() {
    inputRef.current?.select();
    try {
      await navigator.clipboard.writeText(address);
      setCopied('yes');
    } catch {
      // No clipboard access (e.g. blocked by the browser): the text is selected for Strg+C.
      setCopied(document.execCommand?.('copy') ? 'yes' : 'manual');
    }
  }

  return (
    <div className="calendar-subscription">
      <button
        type="button"
        className="button-secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((o) => !o);
          setCopied(null);
        }}
      >
        Kalender abonnieren
      </button>
      <section
        id={panelId}
        className="card calendar-subscription__panel"
        aria-labelledby={`${base}-heading`}
        hidden={!open}
      >
        <h2 id={`${base}-heading`}>Kalender abonnieren</h2>
        <p>
          Mit dieser Adresse zeigt Ihr Kalenderprogramm alle Termine der Fallkonferenzen und hält
          sie aktuell (auch Änderungen und Absagen). Die Adresse ist öffentlich; sie enthält keine
          Angaben zu Fällen.
        </p>
        <div className="field">
          <label htmlFor={`${base}-address`}>Adresse des Kalenders</label>
          <div className="calendar-subscription__copy">
            <input
              ref={inputRef}
              id={`${base}-address`}
              type="text"
              readOnly
              value={address}
              onFocus={(event) => event.target.select()}
            />
            <button type="button" onClick={() => void copy()}>
              Adresse kopieren
            </button>
          </div>
          <p className="field__hint" aria-live="polite">
            {copied === 'yes'
              ? 'Adresse kopiert.'
              : copied === 'manual'
                ? 'Bitte kopieren Sie die markierte Adresse mit Strg+C.'
                : ''}
          </p>
        </div>
        <h3>So abonnieren Sie den Kalender</h3>
        <dl className="calendar-subscription__steps">
          <dt>Outlook</dt>
          <dd>
            Im Kalender „Kalender hinzufügen“ → „Aus dem Internet abonnieren“ (bzw. „Aus dem
            Internet“) wählen, die Adresse einfügen und bestätigen.
          </dd>
          <dt>Thunderbird</dt>
          <dd>
            „Datei“ → „Neu“ → „Kalender…“ → „Im Netzwerk“ wählen, die Adresse einfügen, „Kalender
            suchen“ und dann „Abonnieren“.
          </dd>
          <dt>iPhone und iPad</dt>
          <dd>
            „Einstellungen“ → „Kalender“ → „Accounts“ → „Account hinzufügen“ → „Andere“ →
            „Kalenderabo hinzufügen“, die Adresse einfügen und „Weiter“ tippen.
          </dd>
        </dl>
      </section>
    </div>
  );
}
