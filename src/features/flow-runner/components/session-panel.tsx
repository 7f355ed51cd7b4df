import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useServerStatus } from '../../../lib/server-connection.ts';
import { adminUrl, consentsQuery, sessionQuery } from '../../server-metadata/index.ts';
import { sendAndRecord } from '../model/run-store.ts';

/**
 * The in-browser server's login session and the consents granted, each with a way to end it.
 * Asked again after every page of the in-page browser (a login, a consent, a logout) and when
 * this tab gets the focus back, rather than polled.
 */
export default function SessionPanel() {
  const server = useServerStatus();
  const queryClient = useQueryClient();
  const session = useQuery({ ...sessionQuery(), enabled: server.usable, refetchOnWindowFocus: true });
  const consents = useQuery({ ...consentsQuery(), enabled: server.usable, refetchOnWindowFocus: true });
  const remove = useMutation({
    mutationFn: (path: string) =>
      sendAndRecord({ method: 'DELETE', url: adminUrl(path), headers: [], body: null }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
  const s = session.data?.session;
  return (
    <section className="card" aria-labelledby="session-title">
      <h2 id="session-title">Session and consent</h2>
      <h3>Login session</h3>
      {session.isError && <p className="banner error">{String(session.error)}</p>}
      {s ? (
        <p>
          Logged in as <strong>{s.name}</strong> ({s.email}) since{' '}
          {new Date(s.authTime * 1000).toLocaleTimeString()}.
        </p>
      ) : (
        <p className="muted">No login session: the next /authorize shows the login form.</p>
      )}
      <button type="button" disabled={!s || remove.isPending} onClick={() => remove.mutate('session')}>
        End the session
      </button>
      <h3>Consents</h3>
      {consents.data && consents.data.consents.length === 0 && (
        <p className="muted">No consent granted yet.</p>
      )}
      <ul className="small">
        {consents.data?.consents.map((c) => (
          <li key={`${c.userId}-${c.clientId}-${c.audience}`}>
            {c.userId} allowed <strong>{c.clientId}</strong> {c.audience ? `for ${c.audience}` : ''}:{' '}
            <code>{c.scopes.join(' ')}</code>
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={!consents.data?.consents.length || remove.isPending}
        onClick={() => remove.mutate('consents')}
      >
        Revoke all consents
      </button>
    </section>
  );
}
