import { Link } from 'react-router';
import { flows } from '../model/registry.ts';

/** Every flow with one line on what it does and when to use it; RFC 9700's discouraged ones marked. */
export function FlowPicker() {
  return (
    <section aria-labelledby="flows-title">
      <h1 id="flows-title">Choose a flow</h1>
      <p className="muted">
        Every flow runs against an authorization server inside your browser: nothing to install, no account.
        Log in as <code>alice@example.com</code> / <code>wonderland</code>.
      </p>
      <ul className="flow-grid">
        {flows.map((flow) => (
          <li key={flow.id} className="card">
            <h2>
              <Link to={`/flows/${flow.id}`}>{flow.title}</Link>{' '}
              {flow.discouraged && <span className="badge warn">Discouraged by RFC 9700</span>}
            </h2>
            <p>{flow.summary}</p>
            <p className="small">
              <strong>When to use:</strong> {flow.whenToUse}
            </p>
            {flow.discouraged && (
              <p className="small">
                <strong>Why not:</strong> {flow.discouraged.reason}{' '}
                <a href={flow.discouraged.rfc.href} target="_blank" rel="noreferrer">
                  {flow.discouraged.rfc.label}
                </a>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
