import type { PultEvent } from './contract.js';

/**
 * A shape check, not a schema, for events the trusted side pushes to the renderer (over IPC or the host's
 * WebSocket): a plain object with a string `type`. The event union grows with the contract and this must not
 * have to follow it. Free of zod, so the sandboxed preload can bundle it.
 */
export function isPultEvent(value: unknown): value is PultEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
