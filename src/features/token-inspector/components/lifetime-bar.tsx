import type { JsonObject } from '../model/decode.ts';
import { formatDuration, formatNumericDate, lifetimeAt } from '../model/lifetime.ts';

/**
 * The token's lifetime as a bar with a live countdown. The bar is decoration; the same facts are
 * in the text beside it (not a live region: a screen reader would hear it every second).
 */
export function LifetimeBar({ payload, now }: { payload: JsonObject; now: number }) {
  const lifetime = lifetimeAt(payload, now);
  if (!lifetime) {
    return <p className="small">No expiry (exp): nothing says when this token stops being valid.</p>;
  }
  const start = lifetime.notBefore ?? lifetime.issuedAt;
  const percent =
    lifetime.elapsedFraction === undefined ? 0 : Math.round(lifetime.elapsedFraction * 1000) / 10;
  const status =
    lifetime.state === 'expired'
      ? `Expired ${formatDuration(-lifetime.remaining)} ago.`
      : lifetime.state === 'not-yet-valid' && lifetime.notBefore !== undefined
        ? `Not valid yet: valid in ${formatDuration(lifetime.notBefore - now)}.`
        : `Valid: expires in ${formatDuration(lifetime.remaining)}.`;
  return (
    <div className={`ti-lifetime ti-lifetime-${lifetime.state}`}>
      <p className="ti-lifetime-status">
        <strong>{status}</strong>
        {lifetime.total !== undefined && (
          <span className="muted">
            {' '}
            Lifetime {formatDuration(lifetime.total)}, {percent}% elapsed.
          </span>
        )}
      </p>
      {lifetime.elapsedFraction !== undefined && (
        <div className="ti-bar" aria-hidden="true">
          <div className="ti-bar-fill" style={{ width: `${percent}%` }} />
        </div>
      )}
      <p className="ti-lifetime-ends small muted">
        <span>
          {lifetime.notBefore !== undefined ? 'Valid from' : 'Issued'}{' '}
          {start !== undefined ? formatNumericDate(start) : 'at an unknown time'}
        </span>
        <span>Expires {formatNumericDate(lifetime.expiresAt)}</span>
      </p>
    </div>
  );
}
