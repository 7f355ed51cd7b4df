import type { TenantInput } from '../server/tenant/schema.ts';
import { CliError, type CliOptions, parseCli } from './cli.ts';
import { startNodeHost } from './host.ts';
import { describeTenantFileError, readTenantFile } from './tenant-file.ts';

/**
 * `npm run server [-- --port N] [--host ADDRESS] [--tenant FILE]`: the core on
 * http://localhost:PORT/ for curl, Postman and apps. Bad arguments and bad tenant files exit with 2.
 */
async function main(): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof CliError ? error.message : error);
    process.exit(2);
  }
  let tenant: TenantInput | undefined;
  if (cli.tenantFile !== undefined) {
    const result = await readTenantFile(cli.tenantFile);
    if (!result.ok) {
      console.error(describeTenantFileError(result));
      process.exit(2);
    }
    tenant = result.tenant;
  }
  try {
    const host = await startNodeHost({ port: cli.port, host: cli.host, tenant });
    console.log(`listening on ${host.url}`);
    const stop = () => void host.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    console.error(
      e.code === 'EADDRINUSE'
        ? `Port ${cli.port} is in use: try npm run server -- --port ${cli.port + 1}`
        : `Could not start: ${e.message}`,
    );
    process.exit(1);
  }
}

void main();
