import {
  parseWialonEvents,
  parseWialonLogin,
  parseWialonUnits,
  WIALON_INVALID_SESSION,
  wialonParams,
  type WialonParsed,
} from '../../core/map/wialon.js';
import { getJson, PollingProvider } from './polling.js';

export type WialonOptions = Readonly<{
  /** The Wialon host, e.g. https://hst-api.wialon.com (no trailing path). */
  baseUrl: string;
  /** A Wialon access token (token/login); it stays on the server. */
  token: string;
  pollMs?: number;
  timeoutMs?: number;
  now?: () => number;
}>;

class WialonFailure extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

function value<T>(parsed: WialonParsed<T>): T {
  if (!parsed.ok) throw new WialonFailure(parsed.error, parsed.code);
  return parsed.value;
}

/**
 * Wialon Remote API: log in with the token, read every unit's last position (core/search_items, flags 1025),
 * subscribe to units (core/update_data_flags), then poll avl_evts for new messages. An invalid session
 * (error 1, e.g. after Wialon restarts) logs in again on the next cycle.
 */
export class WialonProvider extends PollingProvider {
  private sid: string | null = null;
  private readonly base: string;

  constructor(private readonly options: WialonOptions) {
    super(options.pollMs ?? 5_000, options.timeoutMs ?? 10_000, options.now);
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  private call(svc: string, params: unknown, sid: string | null): Promise<unknown> {
    const query = new URLSearchParams({ svc, params: JSON.stringify(params) });
    if (sid) query.set('sid', sid);
    return getJson(`${this.base}/wialon/ajax.html?${query.toString()}`, this.timeoutMs);
  }

  protected async cycle(): Promise<void> {
    try {
      if (this.sid === null) {
        const sid = value(
          parseWialonLogin(await this.call('token/login', wialonParams.login(this.options.token), null)),
        );
        this.emit(value(parseWialonUnits(await this.call('core/search_items', wialonParams.searchUnits(), sid))));
        await this.call('core/update_data_flags', wialonParams.subscribeUnits(), sid);
        this.sid = sid;
        return;
      }
      const query = new URLSearchParams({ sid: this.sid });
      this.emit(value(parseWialonEvents(await getJson(`${this.base}/avl_evts?${query.toString()}`, this.timeoutMs))));
    } catch (error) {
      if (error instanceof WialonFailure && error.code === WIALON_INVALID_SESSION) this.sid = null;
      throw error;
    }
  }
}
