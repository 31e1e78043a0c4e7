import { WebSocketServer, type WebSocket } from 'ws';

export type RawSipServer = Readonly<{
  url: string;
  /** Every SIP message a desk sent, in order. */
  received: readonly string[];
  /** Sends raw text to every connected desk, exactly as given: for messages no real PBX would pass on. */
  send(raw: string): void;
  close(): Promise<void>;
}>;

/**
 * A bare SIP-over-WebSocket endpoint that accepts any REGISTER and otherwise only records. Kamailio refuses
 * to forward truly broken messages (a bad Via, a missing CSeq), so this is how a test puts one in front of
 * the desk; everything a real PBX does pass on is tested against Kamailio instead.
 */
export async function startRawSipServer(): Promise<RawSipServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: string[] = [];
  const clients = new Set<WebSocket>();
  server.on('connection', (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('message', (data) => {
      const text = data.toString();
      received.push(text);
      if (!text.startsWith('REGISTER ')) return;
      const head = text.split('\r\n\r\n')[0]?.split('\r\n') ?? [];
      const copy = (name: string): string[] => head.filter((line) => line.toLowerCase().startsWith(`${name}:`));
      const to = copy('to').map((line) => `${line};tag=lab`);
      const contact = copy('contact').map((line) => (/expires=/i.test(line) ? line : `${line};expires=300`));
      socket.send(
        ['SIP/2.0 200 OK', ...copy('via'), ...copy('from'), ...to, ...copy('call-id'), ...copy('cseq'), ...contact]
          .concat(['Content-Length: 0', '', ''])
          .join('\r\n'),
      );
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    send: (raw) => {
      for (const socket of clients) socket.send(raw);
    },
    close: async () => {
      for (const socket of clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
