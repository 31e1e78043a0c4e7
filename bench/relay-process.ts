import Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * The sync benchmark's floors across processes (bench/sync.ts): the shape of a change between two desks with
 * nothing of Pult in it. A peer posts a change over HTTP to a relay process, which hands it over an open
 * WebSocket to the other peer: three processes, as two desks and their server are. `durable` adds the two
 * commits a change cannot go without — the writer's, synchronous=FULL, before the change leaves; the relay's,
 * FULL, before it is answered and passed on — and the reader's commit (synchronous=NORMAL) before it counts it
 * seen: each one row in a WAL-mode SQLite file, as the desks and the server write theirs.
 */
type Config =
  | Readonly<{ role: 'relay'; durable: boolean; dataFile: string }>
  | Readonly<{ role: 'peer'; durable: boolean; dataFile: string; url: string; peer: string }>;
const config = JSON.parse(process.argv[2]!) as Config;
const clock = () => performance.timeOrigin + performance.now();
const send = (message: unknown) => process.send?.(message);

function store(synchronous: 'FULL' | 'NORMAL'): (body: string) => void {
  if (!config.durable) return () => undefined;
  const db = new Database(config.dataFile);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE IF NOT EXISTS changes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO changes (body) VALUES (?)');
  return (body) => insert.run(body);
}

if (config.role === 'relay') {
  const save = store('FULL');
  const peers = new Map<WebSocket, string>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      save(body);
      const from = request.headers['x-peer'];
      for (const [socket, peer] of peers) if (peer !== from) socket.send(body);
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, request) => {
    peers.set(socket, new URL(request.url ?? '/', 'http://relay').searchParams.get('peer') ?? '');
    socket.on('close', () => peers.delete(socket));
  });
  server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    sockets.close();
    server.close();
    send({ type: 'stopped' });
    setTimeout(() => process.exit(0), 50);
  });
} else {
  const { url, peer } = config;
  const saveOwn = store('FULL');
  const saveApplied = store('NORMAL');
  const agent = new http.Agent({ keepAlive: true });
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/?peer=${peer}`);
  socket.on('message', (data) => {
    const body = String(data);
    saveApplied(body);
    send({ type: 'seen', bodies: [body], at: clock() });
  });
  socket.on('open', () => send({ type: 'ready' }));
  process.on('message', (m: { type: string; body?: string }) => {
    if (m.type === 'write') {
      const at = clock();
      saveOwn(m.body!);
      const request = http.request(`${url}/change`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-peer': peer },
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => send({ type: 'wrote', body: m.body, at }));
      });
      request.end(m.body);
    } else if (m.type === 'stop') {
      socket.close();
      agent.destroy();
      send({ type: 'stopped' });
      setTimeout(() => process.exit(0), 50);
    }
  });
}
