import { clientFormDraft, errorMessage, param } from '../common.ts';
import { intervalValue, pollAtInterval, pollOutcome } from '../polling.ts';
import { expectOk, failed } from '../preset-script.ts';
import { rfc } from '../rfc.ts';
import { deviceSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export const device: FlowDefinition = {
  id: 'device',
  title: 'Device Authorization',
  summary:
    'A device without a browser or keyboard shows a code; the user approves it on a phone or computer.',
  whenToUse: 'TVs, consoles, command-line tools and IoT devices, where typing a password is impractical.',
  snippet: deviceSnippet,
  params: [
    param.clientId('device-app'),
    param.clientAuth('none'),
    param.audience(),
    param.scope(),
    param.extra(),
  ],
  steps: [
    {
      kind: 'http',
      id: 'device-code',
      title: 'Ask for a device code',
      actionLabel: 'Request a device code',
      explain:
        'The device asks the server for a device_code (its secret handle), a short user_code for the person, the verification URL, and how often it may poll.',
      rfc: [rfc(8628, '3.1', 'RFC 8628 §3.1'), rfc(8628, '3.2', 'RFC 8628 §3.2')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/device/code' },
        { from: 'as', to: 'app', label: 'device_code, user_code, verification_uri' },
      ],
      produces: ['the device code and user code'],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.deviceAuthorization, {
          scope: ctx.params.scope,
          audience: ctx.params.audience,
        }),
      onResponse: (_ctx, exchange, json) => {
        if (exchange.response.status !== 200 || !json || typeof json.device_code !== 'string') {
          return { ok: false, message: errorMessage(exchange, json) };
        }
        const values: Record<string, string> = {
          device_code: json.device_code,
          user_code: String(json.user_code ?? ''),
          verification_uri: String(json.verification_uri ?? ''),
          verification_uri_complete: String(json.verification_uri_complete ?? json.verification_uri ?? ''),
          ...intervalValue(json),
          expires_in: String(json.expires_in ?? ''),
        };
        return {
          ok: true,
          message: `The device shows the code ${values.user_code}; it may poll every ${values.interval} s.`,
          values,
          lines: [
            { label: 'user_code (shown to the person)', value: values.user_code ?? '' },
            { label: 'verification_uri', value: values.verification_uri ?? '' },
            { label: 'device_code (kept by the device)', value: json.device_code, secret: true },
            { label: 'interval', value: `${values.interval} s` },
          ],
        };
      },
    },
    {
      kind: 'device-verification',
      id: 'verify',
      title: 'Approve on a second device',
      explain:
        'The person opens the verification URL on another device, enters the code, logs in and consents. The device never sees the password. Start polling in the next step while doing this, or afterwards.',
      rfc: [rfc(8628, '3.3', 'RFC 8628 §3.3')],
      arrows: [
        { from: 'user', to: 'as', label: 'GET /activate, code, log in, consent' },
        { from: 'as', to: 'user', label: 'device approved' },
      ],
      produces: ['the approval'],
      url: (ctx) => ctx.values.verification_uri_complete || ctx.values.verification_uri || '',
      userCode: (ctx) => ctx.values.user_code ?? '',
    },
    {
      kind: 'http',
      id: 'poll',
      title: 'Poll the token endpoint',
      actionLabel: 'Poll once',
      // RFC 8628 §3.2: `interval`, the minimum wait between polls (5 s when absent).
      poll: pollAtInterval,
      produces: ['the tokens'],
      explain:
        'The device polls with its device_code. Until the person approves, the server answers authorization_pending; polling faster than the interval earns slow_down, and the device must then wait 5 s longer.',
      rfc: [rfc(8628, '3.4', 'RFC 8628 §3.4'), rfc(8628, '3.5', 'RFC 8628 §3.5')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token device_code (poll)' },
        { from: 'as', to: 'app', label: 'authorization_pending … tokens' },
      ],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: DEVICE_GRANT,
          device_code: ctx.values.device_code,
        }),
      // RFC 8628 §3.5: keep polling on authorization_pending; add 5 s to the interval on slow_down.
      onResponse: (ctx, exchange, json) => pollOutcome(ctx, exchange, json, 'Still waiting for the person.'),
    },
  ],
  presets: [
    {
      id: 'device-code-expired',
      title: 'Device code expired',
      cause:
        'Nobody approved the device in time (device codes live 900 s here), or the device kept polling after expires_in. The device must start over with a new code (RFC 8628 §3.5).',
      async run(script) {
        expectOk(await script.step('device-code'), 'The device authorization request');
        await script.admin('POST', 'clock', { advanceSeconds: 901 });
        try {
          return failed(await script.step('poll'));
        } finally {
          await script.admin('POST', 'clock', { reset: true });
        }
      },
    },
  ],
};
