import { createConnection, createServer, type Socket } from 'node:net';

export type TcpProxy = Readonly<{
  port: number;
  /** Cuts every connection through the proxy at once, as a dropped network would; new ones still pass. */
  dropAll(): void;
  close(): Promise<void>;
}>;

/**
 * A loopback TCP relay between a desk and Kamailio, so a test can cut the desk's WebSocket without
 * touching Kamailio (a Wi-Fi drop, a NAT timeout) and watch what the desk does about it.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
