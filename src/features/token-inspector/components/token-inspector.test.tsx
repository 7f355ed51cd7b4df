import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { base64url } from 'jose';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import TokenInspectorView from './token-inspector.tsx';
import type { TokenInspectorProps } from './types.ts';

function render(props: TokenInspectorProps): string {
  return renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <TokenInspectorView {...props} />
    </QueryClientProvider>,
  );
}

const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
const XSS = '<img src=x onerror=alert(1)>';

beforeAll(() => {
  // The component reads the page's origin to recognise this server's tokens.
  vi.stubGlobal('location', new URL('http://localhost:4173/inspect'));
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('TokenInspectorView', () => {
  it('renders claims, header and unknown claim names from the token as text, never as HTML', () => {
    const token = `${enc({ alg: 'RS256', kid: XSS })}.${enc({ name: XSS, [XSS]: 1, exp: 2_000_000_000 })}.${base64url.encode(new Uint8Array(8))}`;
    const html = render({ token, jwks: { type: 'none', message: 'No key.' } });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<h2 id=');
    expect(html).toContain('Signature');
  });

  it('names the regions after the title when there is one', () => {
    const token = `${enc({ alg: 'RS256' })}.${enc({ sub: 'x' })}.${base64url.encode(new Uint8Array(8))}`;
    const html = render({
      token,
      title: 'Access token',
      headingLevel: 3,
      jwks: { type: 'none', message: 'No key.' },
    });
    expect(html).toMatch(/<h3 id="([^"]+)">Access token<\/h3>/);
    expect(html).toMatch(
      /<section class="ti-section " aria-labelledby="[^" ]+ [^"]+"><h4 id="[^"]+">Header<\/h4>/,
    );
  });

  it('explains opaque and broken tokens', () => {
    expect(render({ token: 'abcDEF123-_', kind: 'refresh' })).toContain(
      'A refresh token is sent only to the token endpoint, to get new access tokens; never to an API.',
    );
    expect(render({ token: 'a.b' })).toContain(
      'Cannot read this token.</strong> A JWT has 3 parts separated by dots (header.payload.signature); this has 2.',
    );
  });
});
