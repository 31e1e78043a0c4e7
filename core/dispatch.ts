import { contract, isMethodName, type MethodName, type OutputOf, type ParsedInputOf } from './contract.js';
import { PultError, type Result } from './result.js';

/** The implementation of the contract: one handler per method, given already-validated input. */
export type Handlers = { [M in MethodName]: (input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>> };

function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The one door every adapter (IPC, HTTP, WebSocket) goes through: unknown methods and invalid payloads are
 * refused before a handler runs, and every failure comes back as data. Outputs are parsed too, so a handler
 * bug cannot leak a field the contract does not promise.
 */
export async function dispatch(handlers: Handlers, method: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `Unknown method: ${String(method).slice(0, 80)}` } };
  }
  const spec = contract[method];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: `Invalid input for ${method}`, issues: issuesOf(parsed.error) },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: spec.output.parse(value) };
  } catch (error) {
    if (error instanceof PultError) return { ok: false, error: error.toData() };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}
