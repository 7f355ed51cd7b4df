import { lazy, Suspense } from 'react';
import type { TokenInspectorProps } from './types.ts';

const TokenInspectorView = lazy(() => import('./token-inspector.tsx'));

/** The inspector, loaded on first use so that jose's verification code stays out of the initial bundle. */
export function TokenInspector(props: TokenInspectorProps) {
  return (
    <Suspense fallback={<p className="muted">Loading the token inspector…</p>}>
      <TokenInspectorView {...props} />
    </Suspense>
  );
}
