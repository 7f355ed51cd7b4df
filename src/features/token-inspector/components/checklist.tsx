import type { Check, CheckStatus } from '../model/checks.ts';

const STATUS_TEXT: Record<CheckStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warning',
  info: 'not checked',
};
const STATUS_ICON: Record<CheckStatus, string> = { pass: '\u2713', fail: '\u2717', warn: '!', info: 'i' };

export function summarizeChecks(checks: Check[]): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const passed = checks.filter((c) => c.status === 'pass').length;
  const parts = [`${passed} passed`, `${failed} failed`];
  if (warned) parts.push(`${warned} ${warned === 1 ? 'warning' : 'warnings'}`);
  return parts.join(', ');
}

/** The validation checklist: each check with a textual status (not colour alone) and its spec. */
export function Checklist({ checks }: { checks: Check[] }) {
  return (
    <ul className="ti-checks">
      {checks.map((check) => (
        <li key={check.id} className={`ti-check ti-check-${check.status}`}>
          <span className="ti-check-status">
            <span aria-hidden="true" className="ti-check-icon">
              {STATUS_ICON[check.status]}
            </span>
            <span className="ti-check-status-text">{STATUS_TEXT[check.status]}</span>
          </span>
          <span className="ti-check-body">
            <strong>{check.label}</strong>: {check.detail}
            {check.spec && (
              <>
                {' '}
                <a className="small" href={check.spec.url} target="_blank" rel="noreferrer noopener">
                  {check.spec.title}
                </a>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
