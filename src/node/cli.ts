import { DEFAULT_PORT } from './host.ts';

/** What `npm run server -- …` was asked for. */
export interface CliOptions {
  port: number;
  /** The address to listen on, only when `--host` was given; otherwise both loopbacks. */
  host?: string;
  /** A tenant file exported by the tenant editor. */
  tenantFile?: string;
}

export class CliError extends Error {
  override name = 'CliError';
}

export const USAGE = 'Usage: npm run server -- [--port N] [--host ADDRESS] [--tenant path/to/tenant.json]';

const flags = ['--port', '--host', '--tenant'] as const;
type Flag = (typeof flags)[number];

/**
 * Reads `--port N`, `--host ADDRESS`, `--tenant FILE` (or `--flag=value`). The port falls back to
 * `PORT`, then 4000. The address never comes from the environment: shells, containers and other
 * tools set `HOST` for their own purposes, and it must not widen who can reach this server.
 */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliOptions {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg) as Flag;
    if (!flags.includes(name)) throw new CliError(`Unknown argument: ${arg}\n${USAGE}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new CliError(`${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  const options: CliOptions = { port: parsePort(values.get('--port') ?? env.PORT ?? String(DEFAULT_PORT)) };
  const host = values.get('--host');
  if (host !== undefined) options.host = host.replace(/^\[(.*)\]$/, '$1');
  const tenantFile = values.get('--tenant');
  if (tenantFile !== undefined) options.tenantFile = tenantFile;
  return options;
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CliError(`Invalid port: ${raw === '' ? '(empty)' : raw}`);
  }
  return port;
}
