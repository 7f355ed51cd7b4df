/**
 * Preformatted text (raw HTTP, JSON, tokens) as text, never HTML. It scrolls inside its box, so
 * it takes keyboard focus (keyboard users can scroll it).
 */
export function CodeBlock({ children }: { children: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <pre className="code-block" tabIndex={0}>
      {children}
    </pre>
  );
}
