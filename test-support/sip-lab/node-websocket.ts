import WebSocket from 'ws';

/**
 * sip.js opens its socket with the browser's `new WebSocket(url, 'sip')`. In Node, give it `ws` with the
 * lab's self-signed certificate as the only trusted CA: verification stays on, as it is in the desk.
 */
export function installNodeWebSocket(caPem: string): void {
  class LabWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca: caPem });
    }
  }
  (globalThis as { WebSocket?: unknown }).WebSocket = LabWebSocket;
}
