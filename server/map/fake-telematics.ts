import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for a telematics server in tests: it answers each request with what the test's handler
 * returns (recorded answers in the documented format), and can hold a WebSocket like Traccar's /api/socket.
 */
export type FakeAnswer = Readonly<{ status?: number; json?: unknown; body?: string; delayMs?: number }>;
export type FakeTelematics = Readonly<{
  url: string;
  requests: readonly URL[];
  sockets: readonly WebSocket[];
  close(): Promise<void>;
}>;

export async function startFakeTelematics(
  answer: (url: URL, request: IncomingMessage) => FakeAnswer,
  onSocket?: (socket: WebSocket, url: URL) => void,
): Promise<FakeTelematics> {
  const requests: URL[] = [];
  const sockets: WebSocket[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    requests.push(url);
    const a = answer(url, request);
    const reply = () => {
      pending.delete(timer);
      if (response.destroyed) return;
      response.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      response.end(a.body ?? JSON.stringify(a.json ?? null));
    };
    const timer = setTimeout(reply, a.delayMs ?? 0);
    pending.add(timer);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    requests.push(url);
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.push(ws);
      onSocket?.(ws, url);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sockets,
    async close() {
      for (const t of pending) clearTimeout(t);
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
