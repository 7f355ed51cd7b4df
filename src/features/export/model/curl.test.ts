import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exchangeToCurl, shellQuote } from './curl.ts';
import { tokenExchange } from './fixtures.test-data.ts';

/** What a POSIX shell makes of a quoted word (printf '%s' prints its arguments as they are). */
const shellWords = (quoted: string) =>
  execFileSync('sh', ['-c', `for w in ${quoted}; do printf '[%s]' "$w"; done`], { encoding: 'utf8' });

describe('curl export', () => {
  it('quotes words for the shell, including quotes, $ and newlines', () => {
    expect(shellQuote('abc')).toBe('abc');
    expect(shellQuote("it's $HOME `id`\nnext")).toBe(`'it'\\''s $HOME \`id\`\nnext'`);
    expect(shellWords(shellQuote("it's $HOME `id`; rm -rf /"))).toBe("[it's $HOME `id`; rm -rf /]");
  });

  it('writes a form POST as --data-urlencode per parameter, secrets masked', () => {
    expect(exchangeToCurl(tokenExchange())).toBe(
      [
        'curl',
        '-X POST',
        'http://localhost:4173/server/oauth/token',
        "-H 'Content-Type: application/x-www-form-urlencoded'",
        "-H 'Authorization: Basic <masked> (client_id web-app)'",
        '--data-urlencode grant_type=authorization_code',
        "--data-urlencode 'code=<masked>'",
        '--data-urlencode redirect_uri=http://localhost:4173/callback',
        "--data-urlencode 'code_verifier=<masked>'",
      ].join(' \\\n  '),
    );
  });

  it('reveals secrets when asked, and the command runs in a shell with the same body', () => {
    const command = exchangeToCurl(tokenExchange(), { reveal: true });
    expect(command).toContain(`-H 'Authorization: Basic ${btoa('web-app:web-app-secret')}'`);
    expect(command).toContain('--data-urlencode code=SplxlOBeZQQYbYS6WxSbIA');
    // A fake curl that prints its arguments: the shell must parse the command into the same words.
    const words = execFileSync(
      'sh',
      ['-c', `curl() { for w in "$@"; do printf '[%s]' "$w"; done; }; ${command}`],
      {
        encoding: 'utf8',
      },
    );
    expect(words).toContain('[--data-urlencode][redirect_uri=http://localhost:4173/callback]');
    expect(words).toContain('[-X][POST][http://localhost:4173/server/oauth/token]');
  });

  it('writes a JSON body with --data-raw, quoted safely', () => {
    const exchange = tokenExchange({
      request: {
        method: 'POST',
        url: 'http://localhost:4173/server/oauth/token',
        headers: [['content-type', 'application/json']],
        body: `{"grant_type":"client_credentials","audience":"it's"}`,
      },
    });
    expect(exchangeToCurl(exchange)).toContain(
      `--data-raw '{"grant_type":"client_credentials","audience":"it'\\''s"}'`,
    );
  });

  it('leaves out -X for a GET without body and drops browser-only headers', () => {
    const exchange = tokenExchange({
      request: {
        method: 'GET',
        url: 'http://localhost:4173/server/userinfo',
        headers: [
          ['sec-fetch-mode', 'cors'],
          ['user-agent', 'Chromium'],
          ['authorization', 'Bearer abc.def'],
        ],
        body: null,
      },
    });
    expect(exchangeToCurl(exchange)).toBe(
      "curl \\\n  http://localhost:4173/server/userinfo \\\n  -H 'authorization: Bearer <masked>'",
    );
  });
});
