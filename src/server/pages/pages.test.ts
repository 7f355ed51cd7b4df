import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape.ts';
import { formPostPage } from './form-post-page.ts';
import { cspSource, htmlPage } from './layout.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('htmlPage', () => {
  it('has a lang, a viewport, a main, and the CSP without script unless one is given', async () => {
    const res = htmlPage({ title: 'T<', body: '<h1>Hi</h1>' });
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
    );
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>T&lt;</title>');
    expect(html).toContain('<main>\n<h1>Hi</h1>\n</main>');
    expect(html).not.toContain('<script');
  });
});

describe('cspSource', () => {
  it('is the origin of an http(s) URI and the scheme of a native app URI', () => {
    expect(cspSource('https://app.example:8443/cb?x=1')).toBe('https://app.example:8443');
    expect(cspSource('com.example.app:/callback')).toBe('com.example.app:');
  });
});

describe('formPostPage', () => {
  it('posts escaped fields to the redirect URI, with a nonce script and a noscript button', async () => {
    const res = formPostPage('https://rp.example/cb', { code: 'a"b', state: '<x>' });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/]{22}=='; form-action 'self' https:\/\/rp\.example;/);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="https://rp.example/cb">');
    expect(html).toContain('<input type="hidden" name="code" value="a&quot;b">');
    expect(html).toContain('<input type="hidden" name="state" value="&lt;x&gt;">');
    expect(html).toContain('<noscript>');
  });
});
