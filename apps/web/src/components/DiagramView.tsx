import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

interface Canvas {
  zoom(level: 'fit-viewport' | number, center?: 'auto'): number;
  addMarker(elementId: string, marker: string): void;
}

interface DiagramElement {
  businessObject?: { name?: string };
}

interface ElementRegistry {
  get(elementId: string): DiagramElement | undefined;
}

interface DiagramViewProps {
  id: string;
  xml: string;
  activeElementIds: string[];
  completedElementIds: string[];
  /** Accessible name of the diagram. */
  label: string;
}

/**
 * A BPMN process (bpmn-js NavigatedViewer: pan with the mouse, zoom with Ctrl + wheel) with the
 * current position marked. `data-ready="true"` once the diagram is drawn and marked.
 */
export function DiagramView({
  id,
  xml,
  activeElementIds,
  completedElementIds,
  label,
}: DiagramViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [activeNames, setActiveNames] = useState<string[]>([]);
  const active = activeElementIds.join(' ');
  const completed = completedElementIds.join(' ');

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const viewer = new NavigatedViewer({ container });
    let disposed = false;
    setReady(false);
    setError(null);

    (async () => {
      try {
        await viewer.importXML(xml);
        if (disposed) return;
        const canvas = viewer.get<Canvas>('canvas');
        const elements = viewer.get<ElementRegistry>('elementRegistry');
        canvas.zoom('fit-viewport', 'auto');
        const mark = (ids: string, marker: string) => {
          for (const elementId of ids.split(' ')) {
            if (elementId && elements.get(elementId)) canvas.addMarker(elementId, marker);
          }
        };
        mark(completed, 'lotse-done');
        mark(active, 'lotse-active');
        setActiveNames(
          active
            .split(' ')
            .filter((elementId) => elementId && elements.get(elementId))
            .map((elementId) => elements.get(elementId)?.businessObject?.name?.trim() || elementId),
        );
        setReady(true);
      } catch (reason) {
        if (disposed) return;
        setError(reason instanceof Error ? reason.message : String(reason));
      }
    })();

    return () => {
      disposed = true;
      viewer.destroy();
    };
  }, [xml, active, completed]);

  return (
    <>
      {error && (
        <p className="alert alert-error" role="alert">
          Das Prozessdiagramm kann nicht angezeigt werden. {error}
        </p>
      )}
      <div
        id={id}
        ref={containerRef}
        className="diagram"
        role="img"
        aria-label={label}
        data-ready={ready ? 'true' : undefined}
      />
      <ul className="legend" aria-label="Legende">
        <li>
          <span className="legend__swatch legend__swatch--active" aria-hidden="true" />
          Aktuelle Position
        </li>
        <li>
          <span className="legend__swatch legend__swatch--done" aria-hidden="true" />
          Erledigt
        </li>
      </ul>
      {ready && (
        <p className="diagram-position">
          {activeNames.length
            ? `Der Fall steht bei: ${activeNames.join(', ')}`
            : 'Im Prozess ist gerade nichts aktiv.'}
        </p>
      )}
    </>
  );
}
