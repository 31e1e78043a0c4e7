/**
 * The IPC channels between the shell and the preload. Dependency-free on purpose: the sandboxed preload
 * imports it, and anything it imported would be bundled into the preload too.
 */
export const IPC_PREFIX = 'pult:';
/** renderer → main, `invoke` with `{ method, input }`; answers a `Result`. */
export const CALL_CHANNEL = 'pult:call';
/** main → renderer, a `PultEvent`. */
export const EVENT_CHANNEL = 'pult:event';
