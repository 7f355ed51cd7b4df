import { readFile } from 'node:fs/promises';
import { parseTenant, type Tenant, type TenantFieldError } from '../server/tenant/schema.ts';

export type TenantFileResult =
  | { ok: true; tenant: Tenant }
  | { ok: false; problem: string; errors: TenantFieldError[] };

/**
 * A tenant file as the tenant editor exports it ("Export tenant JSON"), checked with the schema
 * the editor's import uses. Every failure is a value that says what is wrong with which field.
 */
export async function readTenantFile(path: string): Promise<TenantFileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    return { ok: false, problem: `Cannot read the tenant file ${path}: ${why}`, errors: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      problem: `The tenant file ${path} is not JSON: ${(error as Error).message}`,
      errors: [],
    };
  }
  const result = parseTenant(json);
  if (!result.ok)
    return { ok: false, problem: `The tenant file ${path} is not a valid tenant:`, errors: result.errors };
  return result;
}

/** The lines printed for a refused tenant file: the problem, then one `path: message` per bad field. */
export function describeTenantFileError(result: Extract<TenantFileResult, { ok: false }>): string {
  return [result.problem, ...result.errors.map((e) => `  ${e.path}: ${e.message}`)].join('\n');
}
