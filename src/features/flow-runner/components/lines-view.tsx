import { maskValue } from '../../../lib/http/mask.ts';
import type { Line } from '../../flows/index.ts';

/** Facts as a definition list; secret values masked unless revealed. */
export function LinesView({ lines, reveal }: { lines: Line[]; reveal: boolean }) {
  if (lines.length === 0) return null;
  return (
    <dl className="lines">
      {lines.map((line) => (
        <div key={line.label} style={{ display: 'contents' }}>
          <dt>{line.label}</dt>
          <dd>{line.secret && !reveal ? maskValue(line.value) : line.value}</dd>
        </div>
      ))}
    </dl>
  );
}
