import WebSocket from 'ws';
import { assertNever } from '../../core/result.js';
import type { PositionProvider } from '../../core/map/position.js';
import {
  parseTraccarDevices,
  parseTraccarMessage,
  parseTraccarPositions,
  type TraccarDevices,
} from '../../core/map/traccar.js';
import { failureReason, getJson, ProviderBase } from './polling.js';

export type TraccarOptions = Readonly<{
  /** Traccar's base URL, e.g. http://traccar.local:8082 (the API is under /api). */
  baseUrl: string;
  /** A Traccar API token (POST /api/session/token); it stays on the server. */
  token: string;
  timeoutMs?: number;
  /** Between a lost connection and the next try (default 5 s). */
  retryMs?: number;
  /** Traccar sends `{}` every 55 s; silence for longer than this means the socket is dead (default 120 s). */
  silenceMs?: number;
  now?: () => number;
}>;

/**
 * Traccar: the device list and every device's latest position over REST, then its WebSocket for changes.
 * A lost socket (or one silent past the keepalive) reports failing, keeps the last positions, and starts over
 * with REST after `retryMs`, so nothing that moved meanwhile is missed.
 */
export class TraccarProvider extends ProviderBase implements PositionProvider {
  private readonly base: string;
  private devices: TraccarDevices = new Map();
  private socket: WebSocket | null = null;
  private retry: NodeJS.Timeout | null = null;
  private silence: NodeJS.Timeout | null = null;
  private running = false;
  private readonly timeoutMs: number;

  constructor(private readonly options: TraccarOptions) {
    super(options.now);
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    if (this.silence) clearTimeout(this.silence);
    this.retry = this.silence = null;
    this.socket?.terminate();
    this.socket = null;
  }

  private get headers() {
    return { authorization: `Bearer ${this.options.token}`, accept: 'application/json' };
  }

  private async connect(): Promise<void> {
    try {
      const devices = parseTraccarDevices(await getJson(`${this.base}/api/devices`, this.timeoutMs, this.headers));
      if (!devices) throw new Error('/api/devices did not answer a list');
      this.devices = devices.devices;
      const batch = parseTraccarPositions(
        await getJson(`${this.base}/api/positions`, this.timeoutMs, this.headers),
        this.devices,
      );
      if (!batch) throw new Error('/api/positions did not answer a list');
      if (!this.running) return;
      this.emit(batch);
      this.succeeded();
      this.openSocket();
    } catch (error) {
      this.lost(failureReason(error, this.timeoutMs));
    }
  }

  private openSocket(): void {
    const url = new URL(`${this.base}/api/socket`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.options.token);
    const socket = new WebSocket(url, { headers: this.headers, handshakeTimeout: this.timeoutMs });
    this.socket = socket;
    this.heard();
    socket.on('message', (data) => {
      if (socket !== this.socket) return;
      this.heard();
      this.handle(data.toString());
    });
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      if (socket !== this.socket) return;
      this.lost(`the Traccar socket closed (${code})`);
    });
  }

  private heard(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = setTimeout(() => {
      this.socket?.terminate();
    }, this.options.silenceMs ?? 120_000);
  }

  private handle(text: string): void {
    const message = parseTraccarMessage(text);
    switch (message.kind) {
      case 'keepalive':
      case 'events':
        this.succeeded();
        return;
      case 'devices': {
        const merged = new Map(this.devices);
        for (const [id, uniqueId] of message.devices) merged.set(id, uniqueId);
        this.devices = merged;
        this.succeeded();
        return;
      }
      case 'positions': {
        const batch = parseTraccarPositions(message.raw, this.devices);
        if (batch) this.emit(batch);
        this.succeeded();
        return;
      }
      case 'unknown':
        // One odd message does not make the feed failing; it is counted like a dropped item.
        this.dropped += 1;
        return;
      default:
        return assertNever(message, 'Traccar message');
    }
  }

  private lost(reason: string): void {
    this.socket = null;
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
    if (!this.running) return;
    this.failed(reason);
    this.retry = setTimeout(() => void this.connect(), this.options.retryMs ?? 5_000);
  }
}
