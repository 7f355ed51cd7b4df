import { type ReactNode, Suspense, useId, useState, useSyncExternalStore } from 'react';

/** Where the context column fits beside the steps (app.css lays `.runner` out in two columns there). */
const WIDE = '(min-width: 1100px)';

function subscribe(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the page is wide enough for the panels beside the steps; narrower, they fold away. */
export function useWideLayout(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE).matches,
    () => true,
  );
}

export interface RunnerPanel {
  id: string;
  /** The button's text: one short word or two ("Diagram", "Timeline"). */
  label: string;
  content: ReactNode;
  /** Shown while a lazily loaded panel arrives. */
  fallback?: ReactNode;
}

/** A panel as it is, loading lazily. */
export function PanelContent({ panel }: { panel: RunnerPanel }) {
  return <Suspense fallback={panel.fallback ?? null}>{panel.content}</Suspense>;
}

/**
 * The panels on a narrow screen: a row of disclosure buttons, at most one panel open below them,
 * so that the current step and its result come first. Closed panels stay mounted (hidden), keeping
 * their state. WAI-ARIA APG, Disclosure pattern: each button has aria-expanded and aria-controls.
 */
export function PanelDisclosures({
  panels,
  initiallyOpen = null,
}: {
  panels: readonly RunnerPanel[];
  initiallyOpen?: string | null;
}) {
  const id = useId();
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <div className="runner-panels">
      <ul className="panel-buttons" aria-label="Panels">
        {panels.map((panel) => (
          <li key={panel.id}>
            <button
              type="button"
              aria-expanded={open === panel.id}
              aria-controls={`${id}-${panel.id}`}
              onClick={() => setOpen(open === panel.id ? null : panel.id)}
            >
              {panel.label}
            </button>
          </li>
        ))}
      </ul>
      {panels.map((panel) => (
        <div key={panel.id} id={`${id}-${panel.id}`} hidden={open !== panel.id}>
          <PanelContent panel={panel} />
        </div>
      ))}
    </div>
  );
}
