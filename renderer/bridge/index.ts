import type { PultApi } from '../../core/contract.js';
import { createHttpApi } from './http-client.js';

/**
 * The renderer's only way to the workstation: `window.pult` in Electron (the preload's IPC bridge), the
 * browser host's HTTP/WebSocket client otherwise. Both are the same `PultApi`, so panes cannot tell.
 */

const TOKEN_KEY = 'pult.token';

type LocationLike = Pick<Location, 'hash' | 'pathname' | 'search' | 'origin'>;
type HistoryLike = Pick<History, 'replaceState' | 'state'>;
type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The browser host puts its token in the URL fragment (never sent to a server, never in a Referer). Take it,
 * keep it for this tab only (sessionStorage survives a reload, not the browser), and wipe it from the address
 * bar and history so it is not bookmarked, shared in a screenshot or synced.
 */
export function takeToken(location: LocationLike, history: HistoryLike, storage: StorageLike): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}

let api: PultApi | null = null;

export function getApi(): PultApi {
  if (api) return api;
  if (window.pult) {
    api = window.pult;
  } else {
    // Without a token every call answers `unauthorized`, which the UI shows; there is nothing better to do here.
    const token = takeToken(window.location, window.history, window.sessionStorage) ?? '';
    api = createHttpApi(window.location.origin, token);
  }
  return api;
}
