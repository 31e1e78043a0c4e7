import {
  ProviderHealth,
  totalDropped,
  type PositionBatch,
  type PositionProvider,
  type ProviderStatus,
} from '../../core/map/position.js';

/** The listeners and the health every server-side provider has. */
export class ProviderBase {
  private readonly positionListeners = new Set<(batch: PositionBatch) => void>();
  private readonly statusListeners = new Set<(status: ProviderStatus) => void>();
  protected readonly health = new ProviderHealth();
  /** Items dropped since start, for the log: a feed that is mostly garbage should be noticed. */
  dropped = 0;

  constructor(protected readonly now: () => number = Date.now) {}

  onPositions(listener: (batch: PositionBatch) => void): () => void {
    this.positionListeners.add(listener);
    return () => this.positionListeners.delete(listener);
  }

  onStatus(listener: (status: ProviderStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.health.status);
    return () => this.statusListeners.delete(listener);
  }

  protected emit(batch: PositionBatch): void {
    this.dropped += totalDropped(batch.dropped);
    if (batch.positions.length > 0) for (const l of this.positionListeners) l(batch);
  }

  protected succeeded(): void {
    const before = this.health.status;
    const status = this.health.ok(this.now());
    // Listeners hear every change of state, not every successful poll.
    if (before.state !== 'ok') for (const l of this.statusListeners) l(status);
  }

  protected failed(reason: string): void {
    const status = this.health.failed(this.now(), reason);
    for (const l of this.statusListeners) l(status);
  }
}

/** Why a request failed, in words a dispatcher's banner can show. */
export function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer in ${timeoutMs} ms`;
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code) return `connection failed (${cause.code})`;
    return error.message;
  }
  return String(error);
}

/** GET a URL and parse its JSON, or throw with the reason: a timeout, an HTTP status, a body that is not JSON. */
export async function getJson(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('the answer is not JSON');
  }
}

/**
 * A provider that polls: one `cycle` at a time, the next after `pollMs`; after a failure it waits longer each
 * time (up to a minute) so a dead server is not hammered, and keeps trying.
 */
export abstract class PollingProvider extends ProviderBase implements PositionProvider {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private failures = 0;

  constructor(
    protected readonly pollMs: number,
    protected readonly timeoutMs: number,
    now?: () => number,
  ) {
    super(now);
  }

  protected abstract cycle(): Promise<void>;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.run(), ms);
  }

  private async run(): Promise<void> {
    try {
      await this.cycle();
      this.failures = 0;
      this.succeeded();
    } catch (error) {
      this.failures += 1;
      this.failed(failureReason(error, this.timeoutMs));
    }
    this.schedule(this.failures === 0 ? this.pollMs : Math.min(60_000, this.pollMs * 2 ** (this.failures - 1)));
  }
}
