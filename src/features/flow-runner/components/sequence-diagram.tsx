import type { Actor, Arrow, FlowDefinition } from '../../flows/index.ts';

const ACTORS: { id: Actor; label: string; short: string }[] = [
  { id: 'user', label: 'User agent', short: 'User agent' },
  { id: 'app', label: 'App', short: 'App' },
  { id: 'as', label: 'Authorization server', short: 'Auth server' },
  { id: 'api', label: 'API', short: 'API' },
];

const USE_TOKENS: Arrow[] = [
  { from: 'app', to: 'api', label: 'GET /api/messages, Bearer access_token' },
  { from: 'api', to: 'app', label: 'messages (or 401 / 403)' },
];

const WIDTH = 480;
const COL = WIDTH / ACTORS.length;
/** Each message: its label on a line of its own, the arrow below it, clear of the text. */
const ROW = 40;
const TOP = 30;
const LABEL_ABOVE = 11;

const actorName = (id: Actor) => ACTORS.find((a) => a.id === id)?.label ?? id;

/**
 * The flow's messages as a sequence diagram (plain SVG), the current step's highlighted; where
 * the diagram would be too small to read (a phone), the same messages as a numbered list.
 */
export default function SequenceDiagram({
  flow,
  currentStepId,
}: {
  flow: FlowDefinition;
  currentStepId: string;
}) {
  const steps = flow.steps.flatMap((step) => step.arrows.map((arrow) => ({ stepId: step.id, arrow })));
  const rows = [
    ...steps,
    // Every flow ends with the app using its access token ("Use the tokens"), shown here unless
    // the flow steps through that call itself.
    ...(steps.some(({ arrow }) => arrow.to === 'api')
      ? []
      : USE_TOKENS.map((arrow) => ({ stepId: '', arrow }))),
  ];
  const height = TOP + rows.length * ROW + 12;
  const x = (actor: Actor) => ACTORS.findIndex((a) => a.id === actor) * COL + COL / 2;
  const current = flow.steps.find((s) => s.id === currentStepId);
  return (
    <section className="card diagram" aria-labelledby="diagram-title">
      <h2 id="diagram-title">Sequence</h2>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="diagram-svg-title diagram-svg-desc">
        <title id="diagram-svg-title">Sequence diagram of {flow.title}</title>
        <desc id="diagram-svg-desc">
          {rows.map(({ arrow }) => `${arrow.from} to ${arrow.to}: ${arrow.label}`).join('. ')}
          {current ? `. Current step: ${current.title}.` : ''}
        </desc>
        <defs>
          <marker
            id="arrowhead"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="9"
            markerHeight="9"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
          </marker>
        </defs>
        {ACTORS.map((actor) => (
          <g key={actor.id}>
            <text x={x(actor.id)} y={18} textAnchor="middle" fontSize="13" fontWeight="600" fill="var(--fg)">
              {actor.short}
            </text>
            <line
              x1={x(actor.id)}
              y1={28}
              x2={x(actor.id)}
              y2={height - 6}
              stroke="var(--border)"
              strokeDasharray="4 4"
            />
          </g>
        ))}
        {rows.map(({ stepId, arrow }, i) => {
          const y = TOP + i * ROW + ROW - 10;
          const active = stepId !== '' && stepId === currentStepId;
          const color = active ? 'var(--accent)' : 'var(--fg-muted)';
          const x1 = x(arrow.from);
          const x2 = x(arrow.to);
          const self = x1 === x2;
          // Centred on the arrow, but kept inside the picture (about 6.6 units a character).
          const half = (arrow.label.length * 6.6) / 2;
          const labelX = self ? x1 + 30 : Math.min(Math.max((x1 + x2) / 2, half + 2), WIDTH - half - 2);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: arrows have no identity of their own
            <g key={i} style={{ color }}>
              {active && (
                <rect
                  x={2}
                  y={y - ROW + 12}
                  width={WIDTH - 4}
                  height={ROW - 2}
                  rx={4}
                  fill="var(--accent-subtle)"
                />
              )}
              {self ? (
                <path
                  d={`M${x1},${y - 4} h22 v8 h-20`}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={active ? 2 : 1.2}
                  markerEnd="url(#arrowhead)"
                />
              ) : (
                <line
                  x1={x1}
                  y1={y}
                  x2={x2 + (x2 > x1 ? -2 : 2)}
                  y2={y}
                  stroke="currentColor"
                  strokeWidth={active ? 2 : 1.2}
                  markerEnd="url(#arrowhead)"
                />
              )}
              {/* A halo in the row's background keeps the label clear of the lifelines it crosses. */}
              <text
                x={labelX}
                y={self ? y + 4 : y - LABEL_ABOVE}
                textAnchor={self ? 'start' : 'middle'}
                fontSize="12.5"
                fontWeight={active ? 700 : 400}
                fill={active ? 'var(--fg)' : 'var(--fg-muted)'}
                stroke={active ? 'var(--accent-subtle)' : 'var(--surface)'}
                strokeWidth={4}
                strokeLinejoin="round"
                paintOrder="stroke"
              >
                {arrow.label}
              </text>
            </g>
          );
        })}
      </svg>
      <ol className="diagram-list small" aria-label={`Messages of ${flow.title}`}>
        {rows.map(({ stepId, arrow }, i) => {
          const active = stepId !== '' && stepId === currentStepId;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: arrows have no identity of their own
            <li key={i} className={active ? 'current' : undefined}>
              <span className="diagram-actors">
                {actorName(arrow.from)} → {actorName(arrow.to)}
              </span>{' '}
              {active ? <strong>{arrow.label}</strong> : arrow.label}
              {active && <span className="visually-hidden"> (current step)</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
