import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { POSITIONS } from '../caseProgress';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Canvas {
  zoom(level?: 'fit-viewport' | number, center?: 'auto'): number;
  viewbox(box?: Box): Box & { outer: { width: number; height: number } };
  addMarker(elementId: string, marker: string): void;
}

interface DiagramElement {
  businessObject?: { name?: string };
  x?: number;
  y?: number;
  width?: number;
  height?: number;
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

const ZOOM_STEP = 1.25;
const ZOOM_MIN = 0.2;
const ZOOM_MAX = 4;
/** Below this the labels of the model cannot be read. */
const READABLE_ZOOM = 0.8;

/**
 * A BPMN process (bpmn-js NavigatedViewer: pan with the mouse, zoom with Ctrl + wheel or the
 * buttons) with the current position marked and said in words (`POSITIONS`: what the case waits
 * for, not the model element's name). `data-ready="true"` once the diagram is drawn and marked.
 */
export function DiagramView({
  id,
  xml,
  activeElementIds,
  completedElementIds,
  label,
}: DiagramViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<Canvas | null>(null);
  const [zoom, setZoom] = useState<number | null>(null);
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
        canvasRef.current = canvas;
        const fitted = canvas.zoom('fit-viewport', 'auto');
        // The whole model is too small to read: start readable, at where the case stands.
        const focus = active
          .split(' ')
          .map((elementId) => elements.get(elementId))
          .find((element) => element && element.width !== undefined);
        if (fitted < READABLE_ZOOM && focus) {
          const { outer } = canvas.viewbox();
          const width = outer.width / READABLE_ZOOM;
          const height = outer.height / READABLE_ZOOM;
          canvas.viewbox({
            x: (focus.x ?? 0) + (focus.width ?? 0) / 2 - width / 2,
            y: (focus.y ?? 0) + (focus.height ?? 0) / 2 - height / 2,
            width,
            height,
          });
          setZoom(canvas.zoom());
        } else {
          setZoom(fitted);
        }
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
            .map(
              (elementId) =>
                POSITIONS[elementId]?.text ??
                elements.get(elementId)?.businessObject?.name?.trim() ??
                elementId,
            ),
        );
        setReady(true);
      } catch (reason) {
        if (disposed) return;
        setError(reason instanceof Error ? reason.message : String(reason));
      }
    })();

    return () => {
      disposed = true;
      canvasRef.current = null;
      viewer.destroy();
    };
  }, [xml, active, completed]);

  function zoomTo(level: number) {
    const canvas = canvasRef.current;
    if (!canvas) return;
    setZoom(canvas.zoom(Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, level)), 'auto'));
  }

  return (
    <>
      {error && (
        <p className="alert alert-error" role="alert">
          Das Prozessdiagramm kann nicht angezeigt werden. {error}
        </p>
      )}
      <div className="diagram-toolbar" role="group" aria-label="Ansicht des Diagramms">
        <button
          type="button"
          className="button-small"
          disabled={!ready}
          onClick={() => zoomTo((canvasRef.current?.zoom() ?? 1) * ZOOM_STEP)}
        >
          Vergrößern
        </button>
        <button
          type="button"
          className="button-small"
          disabled={!ready}
          onClick={() => zoomTo((canvasRef.current?.zoom() ?? 1) / ZOOM_STEP)}
        >
          Verkleinern
        </button>
        <button
          type="button"
          className="button-small"
          disabled={!ready}
          onClick={() => {
            const canvas = canvasRef.current;
            if (canvas) setZoom(canvas.zoom('fit-viewport', 'auto'));
          }}
        >
          Ganz anzeigen
        </button>
        {zoom !== null && (
          <span className="muted" role="status" data-testid="diagram-zoom">
            Zoom: {Math.round(zoom * 100)} %
          </span>
        )}
      </div>
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
            ? `Im Diagramm markiert: ${activeNames.join('; ')}`
            : 'Im Prozess ist gerade nichts aktiv.'}
        </p>
      )}
    </>
  );
}
