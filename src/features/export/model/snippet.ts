import { type FlowDefinition, findFlow, type SnippetWriter } from '../../flows/index.ts';
import { type ExportOptions, MASK } from './secrets.ts';

export interface SnippetInput extends ExportOptions {
  flowId: string;
  /** The issuer the flow ran against (the in-browser server's, or another provider's). */
  issuer: string;
  /** The flow's parameters under their OAuth names: client_id, client_secret, scope, audience, ... */
  params: Readonly<Record<string, string | undefined>>;
  /** A first comment line: where the program runs, if that is not where the run did. */
  note?: string;
}

const js = (value: string) => JSON.stringify(value);

function secret(value: string | undefined, options: ExportOptions, placeholder: string) {
  if (!value) return js(placeholder);
  return js(options.reveal ? value : MASK);
}

function param(input: SnippetInput, name: string, fallback?: string): string | undefined {
  const value = input.params[name];
  return value === undefined || value === '' ? fallback : value;
}

function writer(input: SnippetInput): SnippetWriter {
  return {
    js,
    param: (name, fallback) => param(input, name, fallback),
    secret: (name, placeholder) => secret(param(input, name), input, placeholder),
    setParams: (target, names) =>
      names
        .filter((name) => param(input, name) !== undefined)
        .map((name) => `${target}.set(${js(name)}, ${js(param(input, name) ?? '')});`),
  };
}

/** The run's client: its client_id, and its secret (masked) or none for a public client. */
function runClient(input: SnippetInput): string[] {
  const clientSecret = input.params.client_secret;
  const clientId = input.params.client_id ?? 'your-client-id';
  return [
    `const client = { client_id: ${js(clientId)} };`,
    clientSecret
      ? `const clientAuth = oauth.${input.params.client_auth === 'client_secret_basic' ? 'ClientSecretBasic' : 'ClientSecretPost'}(${secret(clientSecret, input, '<client_secret>')});`
      : '// A public client authenticates with its client_id alone (RFC 6749 §2.1).\nconst clientAuth = oauth.None();',
    '',
  ];
}

function program(flow: FlowDefinition, input: SnippetInput, body: string[]): string[] {
  const insecure = input.issuer.startsWith('http://');
  return [
    ...(input.note ? [`// ${input.note}`] : []),
    `// ${flow.title}, with oauth4webapi (https://github.com/panva/oauth4webapi).`,
    '// npm install oauth4webapi',
    "import * as oauth from 'oauth4webapi';",
    '',
    `const issuer = new URL(${js(input.issuer)});`,
    ...(insecure
      ? [
          '// The issuer is plain http (a local server): oauth4webapi refuses that unless told.',
          'const http = { [oauth.allowInsecureRequests]: true };',
        ]
      : ['const http = {};']),
    'const as = await oauth',
    '  .discoveryRequest(issuer, { ...http })',
    '  .then((response) => oauth.processDiscoveryResponse(issuer, response));',
    '',
    ...(flow.snippet?.registersClient ? [] : runClient(input)),
    ...body,
  ];
}

/** Whether the flow declares an oauth4webapi program (its definition's `snippet`). */
export function hasFlowSnippet(flowId: string): boolean {
  return findFlow(flowId)?.snippet !== undefined;
}

/** A JavaScript program doing the flow with oauth4webapi; secrets masked unless `reveal`. */
export function flowSnippet(input: SnippetInput): string {
  const flow = findFlow(input.flowId);
  if (!flow?.snippet) throw new Error(`no snippet for the flow ${input.flowId}`);
  return `${program(flow, input, flow.snippet.body(writer(input))).join('\n')}\n`;
}
