import type { Actor, Arrow, FlowDefinition } from '../../flows/index.ts';

const ACTORS: { id: Actor; label: string }[] = [
  { id: 'user', label: 'User agent' },
  { id: 'app', label: 'App' },
  { id: 'as', label: 'Authorization server' },
  { id: 'api', label: 'API' },
];

const USE_TOKENS: Arrow[] = [
  { from: 'app', to: 'api', label: 'GET /api/messages, Bearer access_token' },
  { from: 'api', to: 'app', label: 'messages (or 401 / 403)' },
];

const WIDTH = 560;
const COL = WIDTH / ACTORS.length;
const ROW = 34;
const TOP = 48;

/** A plain-SVG sequence diagram of the flow, the current step's messages highlighted. */
export default function SequenceDiagram({
  flow,
  currentStepId,
}: {
  flow: FlowDefinition;
  currentStepId: string;
}) {
  const rows = [
    ...flow.steps.flatMap((step) => step.arrows.map((arrow) => ({ stepId: step.id, arrow }))),
    // Every flow ends with the app using its access token ("Use the tokens").
    ...USE_TOKENS.map((arrow) => ({ stepId: '', arrow })),
  ];
  const height = TOP + rows.length * ROW + 20;
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
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
          </marker>
        </defs>
        {ACTORS.map((actor) => (
          <g key={actor.id}>
            <text x={x(actor.id)} y={20} textAnchor="middle" fontSize="14" fontWeight="600" fill="var(--fg)">
              {actor.label}
            </text>
            <line
              x1={x(actor.id)}
              y1={30}
              x2={x(actor.id)}
              y2={height - 8}
              stroke="var(--border)"
              strokeDasharray="4 4"
            />
          </g>
        ))}
        {rows.map(({ stepId, arrow }, i) => {
          const y = TOP + i * ROW + 14;
          const active = stepId !== '' && stepId === currentStepId;
          const color = active ? 'var(--accent)' : 'var(--fg-muted)';
          const x1 = x(arrow.from);
          const x2 = x(arrow.to);
          const self = x1 === x2;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: arrows have no identity of their own
            <g key={i} style={{ color }}>
              {active && (
                <rect
                  x={4}
                  y={y - 22}
                  width={WIDTH - 8}
                  height={ROW - 2}
                  rx={4}
                  fill="var(--accent-subtle)"
                />
              )}
              {self ? (
                <path
                  d={`M${x1},${y} h28 v10 h-26`}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={active ? 2 : 1.2}
                  markerEnd="url(#arrowhead)"
                />
              ) : (
                <line
                  x1={x1}
                  y1={y}
                  x2={x2 + (x2 > x1 ? -3 : 3)}
                  y2={y}
                  stroke="currentColor"
                  strokeWidth={active ? 2 : 1.2}
                  markerEnd="url(#arrowhead)"
                />
              )}
              <text
                x={self ? x1 + 34 : (x1 + x2) / 2}
                y={y - 5}
                textAnchor={self ? 'start' : 'middle'}
                fontSize="13"
                fontWeight={active ? 700 : 400}
                fill={active ? 'var(--fg)' : 'var(--fg-muted)'}
              >
                {arrow.label}
              </text>
            </g>
          );
        })}
      </svg>
    </section>
  );
}
