/**
 * The token inspector's public API. Kept light: the component itself loads lazily, and the
 * types below cost nothing at runtime.
 */
export { TokenInspector } from './components/lazy-token-inspector.tsx';
export type { TokenInspectorProps } from './components/types.ts';
export type { ExpectedValues, TokenKind } from './model/checks.ts';
export type { KeySource } from './model/verify.ts';
