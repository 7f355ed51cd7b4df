import { isRouteErrorResponse, useRouteError } from 'react-router';
import { CodeBlock } from '../components/code-block.tsx';
import { appBase } from '../lib/app-url.ts';

function errorText(error: unknown): string {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Whatever breaks, the user reads what happened and has a way out, never a blank page.
 * `standalone` when the layout itself failed (no chrome around it).
 */
export function RouteError({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError();
  const body = (
    <section className="page narrow" role="alert">
      <h1>Something went wrong</h1>
      <p>This part of the playground failed:</p>
      <CodeBlock>{errorText(error)}</CodeBlock>
      <p>
        <a href={appBase}>Back to the flows</a> or{' '}
        <button type="button" onClick={() => window.location.reload()}>
          reload the page
        </button>
      </p>
    </section>
  );
  return standalone ? <main id="main">{body}</main> : body;
}
