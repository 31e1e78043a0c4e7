import { dispatch, type Handlers } from '../../core/dispatch.js';
import type { Result } from '../../core/result.js';

/**
 * The one payload both transports carry, `{ method, input }`. Anything else is refused as data before
 * `dispatch` (which then checks the method name and parses the input with the contract's schema).
 */
export function callContract(handlers: Handlers, payload: unknown): Promise<Result<unknown>> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return Promise.resolve({
      ok: false,
      error: { code: 'invalid-input', message: 'A call is an object: { method, input }' },
    });
  }
  const { method, input } = payload as { method?: unknown; input?: unknown };
  return dispatch(handlers, method, input);
}
