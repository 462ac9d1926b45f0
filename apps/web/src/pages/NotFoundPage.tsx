import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../hooks';

export function NotFoundPage({ standalone = false }: { standalone?: boolean }) {
  useDocumentTitle('Seite nicht gefunden');
  const content = (
    <div className={standalone ? 'card' : undefined}>
      <h1>Seite nicht gefunden</h1>
      <p>
        Diese Adresse gibt es in Lotse nicht. Vielleicht ist der Link veraltet oder unvollständig.
      </p>
      <p>
        <Link to="/aufgaben">Zu den Aufgaben</Link>
      </p>
    </div>
  );
  return standalone ? <main className="centered">{content}</main> : content;
}
