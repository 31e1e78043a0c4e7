import { Core, Web, type Emitter, type Transport, type TransportState } from 'sip.js';
import { repairIdentityHeaders, restoreOutgoing, rewriteIncoming } from './identity-rewrite.js';

/** How many rewritten identities to remember for outgoing messages: far more than the calls a desk has open. */
const MAX_REMEMBERED = 512;

export type RewritingTransportOptions = Web.TransportOptions & Readonly<{ onUnreadable?: (raw: string) => void }>;

/**
 * sip.js's WebSocket transport with the `tel:` rewrite in front of sip.js's parser (see identity-rewrite.ts),
 * and a last resort: a message sip.js still cannot parse is handed to `onUnreadable` instead of vanishing,
 * so the softphone can still record the call it was about.
 */
export class RewritingTransport implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private readonly inner: Web.Transport;
  private readonly originals = new Map<string, string>();
  private readonly logger: Core.Logger;
  private readonly onUnreadable: ((raw: string) => void) | undefined;

  // sip.js constructs its transport itself, from `transportConstructor` and `transportOptions`.
  constructor(logger: Core.Logger, options: RewritingTransportOptions) {
    const { onUnreadable, ...webOptions } = options;
    this.logger = logger;
    this.onUnreadable = onUnreadable;
    this.inner = new Web.Transport(logger, webOptions);
    this.inner.onConnect = () => this.onConnect?.();
    this.inner.onDisconnect = (error) => this.onDisconnect?.(error);
    this.inner.onMessage = (message) => this.receive(message);
  }

  get protocol(): string {
    return this.inner.protocol;
  }
  get state(): TransportState {
    return this.inner.state;
  }
  get stateChange(): Emitter<TransportState> {
    return this.inner.stateChange;
  }
  connect(): Promise<void> {
    return this.inner.connect();
  }
  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }
  dispose(): Promise<void> {
    return this.inner.dispose();
  }
  isConnected(): boolean {
    return this.inner.isConnected();
  }
  send(message: string): Promise<void> {
    let out = message;
    try {
      out = restoreOutgoing(message, this.originals);
    } catch (error) {
      this.logger.warn(`tel: restore failed, sending as sip.js wrote it: ${String(error)}`);
    }
    return this.inner.send(out);
  }

  private remember(replaced: ReadonlyArray<readonly [string, string]>): void {
    for (const [rewritten, original] of replaced) {
      // A header repaired after the tel: rewrite goes back to what the PBX sent, not to our rewrite.
      const first = this.originals.get(original) ?? original;
      this.originals.delete(rewritten);
      this.originals.set(rewritten, first);
    }
    while (this.originals.size > MAX_REMEMBERED) {
      const oldest = this.originals.keys().next().value;
      if (oldest === undefined) break;
      this.originals.delete(oldest);
    }
  }

  private receive(raw: string): void {
    // Keep-alive CRLFs are not SIP messages.
    if (raw.trim() === '') {
      this.onMessage?.(raw);
      return;
    }
    let message = raw;
    try {
      const rewritten = rewriteIncoming(raw);
      this.remember(rewritten.replaced);
      message = rewritten.message;
      if (!Core.Parser.parseMessage(message, this.logger)) {
        const repaired = repairIdentityHeaders(message);
        this.remember(repaired.replaced);
        message = repaired.message;
      }
    } catch (error) {
      this.logger.warn(`identity rewrite failed, passing the message on unchanged: ${String(error)}`);
    }
    if (!Core.Parser.parseMessage(message, this.logger)) {
      this.onUnreadable?.(raw);
      return;
    }
    this.onMessage?.(message);
  }
}
