import type { ClaimInfo } from '../model/claims.ts';
import type { JsonObject } from '../model/decode.ts';
import { formatNumericDate, formatRelative } from '../model/lifetime.ts';

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function customClaimNote(name: string): string {
  return /^https?:\/\//.test(name)
    ? 'Custom claim, namespaced with a URL so that it cannot clash with a registered claim (Auth0 Actions add claims this way).'
    : 'Not a registered, OpenID Connect or Auth0 claim: specific to this issuer.';
}

/** Each claim (or header parameter) with its value and a one-line explanation linking the spec. */
export function ClaimList({
  values,
  explain,
  now,
}: {
  values: JsonObject;
  explain: (name: string) => ClaimInfo | undefined;
  now: number;
}) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p className="muted small">No claims.</p>;
  return (
    <dl className="ti-claims">
      {entries.map(([name, value]) => {
        const info = explain(name);
        const time = info?.format === 'time' && typeof value === 'number' ? value : undefined;
        return (
          <div key={name} className="ti-claim">
            <dt>
              <code>{name}</code>
              {info && <span className="ti-claim-label"> {info.label}</span>}
            </dt>
            <dd className="ti-claim-value">
              <code>{valueText(value)}</code>
              {time !== undefined && (
                <span className="muted">
                  {' '}
                  = {formatNumericDate(time)} ({formatRelative(time, now)})
                </span>
              )}
            </dd>
            <dd className="ti-claim-help small muted">
              {info ? (
                <>
                  {info.description}{' '}
                  <a href={info.spec.url} target="_blank" rel="noreferrer noopener">
                    {info.spec.title}
                  </a>
                </>
              ) : (
                customClaimNote(name)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
