import { Link } from 'react-router-dom';
import type { OpenTask } from '../api';
import { formatDateTime } from '../format';

/** "Offene Aufgaben" of a case or a conference date, each linked to its task page. */
export function OpenTasksSection({ id, tasks }: { id: string; tasks: OpenTask[] }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>Offene Aufgaben</h2>
      {tasks.length === 0 ? (
        <p className="muted">Keine offenen Aufgaben.</p>
      ) : (
        <ul className="task-links">
          {tasks.map((task) => (
            <li key={task.id}>
              <Link to={`/aufgaben/${encodeURIComponent(task.id)}`}>{task.name}</Link>
              {task.dueAt && <span className="muted"> – fällig {formatDateTime(task.dueAt)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
