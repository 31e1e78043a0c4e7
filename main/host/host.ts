import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PultEvent } from '../../core/contract.js';
import { callContract } from '../adapter/call.js';
import { readStaticFile } from '../adapter/static-files.js';
import { CONTENT_SECURITY_POLICY, resolveStaticPath, securityHeaders } from '../adapter/web-security.js';
import type { Workstation } from '../workstation.js';

/**
 * The browser host (docs/architecture.md): the workstation core served to a browser over HTTP and a WebSocket, the
 * second adapter generated from the contract next to Electron's IPC. It is a door into the desk's data, so:
 * loopback only, a per-launch secret token on every API call, a Host check against DNS rebinding and an
 * Origin check on the WebSocket (browsers do not apply CORS to WebSockets).
 */

export const LOOPBACK = '127.0.0.1';
export const MAX_BODY_BYTES = 1024 * 1024;
/** Room for `{"call":…,` around a call's { method, input } on the socket. */
const SOCKET_ENVELOPE_BYTES = 64;
const HEARTBEAT_MS = 30_000;

/** A call message from the page: `{ call: n, method, input }`, n a positive safe integer; anything else is null. */
function socketCall(text: string): { call: number; method: unknown; input: unknown } | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const { call, method, input } = message as { call?: unknown; method?: unknown; input?: unknown };
  return Number.isSafeInteger(call) && (call as number) > 0 ? { call: call as number, method, input } : null;
}

export type HostOptions = Readonly<{
  workstation: Pick<Workstation, 'handlers' | 'subscribe'>;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The renderer's build output (out/renderer). */
  staticDir: string;
  /** Fixed only by tests and restarts; normally a fresh random one per launch. base64url, 32+ characters. */
  token?: string;
  /** The renderer's CSP (desk-config.ts builds it from the PBX and tile settings); the strict default otherwise. */
  contentSecurityPolicy?: string;
}>;

export type Host = Readonly<{
  /** Where to point a browser; the token rides in the fragment, which browsers never send to a server. */
  url: string;
  port: number;
  token: string;
  address(): AddressInfo;
  close(): Promise<void>;
}>;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compared as digests so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

type Refusal = Readonly<{ status: number; message: string; headers?: Readonly<Record<string, string>> }>;

function send(res: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> = {}) {
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  });
  res.end(body);
}

function refuse(res: ServerResponse, refusal: Refusal) {
  send(res, refusal.status, refusal.message, refusal.headers);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? newToken();
  if (!/^[A-Za-z0-9_-]{32,200}$/.test(token)) {
    return Promise.reject(new RangeError('The host token must be 32 to 200 base64url characters'));
  }
  const { workstation, staticDir } = options;
  let port = options.port ?? 0;

  const allowedHosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);

  /** A rebinding attack reaches us with the attacker's name in Host; only our own names are served. */
  const hostRefusal = (req: IncomingMessage): Refusal | null =>
    allowedHosts().has((req.headers.host ?? '').toLowerCase())
      ? null
      : { status: 421, message: 'This host name is not served here' };

  const bearerOk = (req: IncomingMessage): boolean => {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '');
    return match?.[1] !== undefined && sameSecret(match[1], token);
  };

  const handleCall = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return refuse(res, { status: 405, message: 'Use POST', headers: { Allow: 'POST' } });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      return refuse(res, { status: 403, message: 'Cross-origin calls are refused' });
    }
    if (!bearerOk(req)) {
      return refuse(res, { status: 401, message: 'Missing or wrong token', headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return refuse(res, { status: 415, message: 'Send application/json' });
    const declared = Number(req.headers['content-length'] ?? 0);
    // Refuse before reading, and close the connection so the rest of an oversized upload is never read.
    const tooLarge: Refusal = { status: 413, message: 'Body over 1 MiB', headers: { Connection: 'close' } };
    if (declared > MAX_BODY_BYTES) return refuse(res, tooLarge);
    let payload: unknown;
    try {
      payload = JSON.parse((await readBody(req, MAX_BODY_BYTES)).toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) return refuse(res, tooLarge);
      return refuse(res, { status: 400, message: 'Malformed JSON' });
    }
    // Domain failures (unknown method, invalid input, not found …) are data in a 200 answer, as over IPC.
    const result = await callContract(workstation.handlers, payload);
    send(res, 200, JSON.stringify(result), { 'Content-Type': 'application/json; charset=utf-8' });
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(res, { status: 405, message: 'Use GET', headers: { Allow: 'GET, HEAD' } });
    }
    const file = resolveStaticPath(staticDir, path);
    const found = file ? await readStaticFile(staticDir, file) : null;
    if (!found) return refuse(res, { status: 404, message: 'Not found' });
    res.writeHead(200, {
      'Content-Type': found.contentType,
      'Content-Length': String(found.body.length),
      // Build assets carry a content hash in their names; index.html must always be fresh.
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : found.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const refusal = hostRefusal(req);
    if (refusal) return refuse(res, refusal);
    const target = req.url ?? '';
    // Origin-form only ("/path?query"): an absolute or "//x" target could smuggle another host into URL parsing.
    if (!target.startsWith('/') || target.startsWith('//')) return refuse(res, { status: 400, message: 'Bad path' });
    const path = target.split('?')[0] ?? '/';
    if (path === '/api/call') return handleCall(req, res);
    if (path === '/api/events')
      return refuse(res, { status: 426, message: 'WebSocket only', headers: { Upgrade: 'websocket' } });
    if (path.startsWith('/api/')) return refuse(res, { status: 404, message: 'No such API' });
    return handleStatic(req, res, path);
  };

  const headers = securityHeaders(options.contentSecurityPolicy ?? CONTENT_SECURITY_POLICY);
  const server = createServer((req, res) => {
    // Set before anything else, so that every answer (a file, an API result, a refusal, a 500) carries them.
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      console.error('pult host: request failed', error);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  // A call over the socket may be as large as one over POST; a larger message closes the socket (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES + SOCKET_ENVELOPE_BYTES });
  const alive = new WeakMap<WebSocket, boolean>();

  const rejectUpgrade = (socket: Duplex, status: number, reason: string) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (hostRefusal(req)) return rejectUpgrade(socket, 421, 'Misdirected Request');
    const target = req.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//')) return rejectUpgrade(socket, 400, 'Bad Request');
    const url = new URL(target, `http://${LOOPBACK}:${port}`);
    if (url.pathname !== '/api/events') return rejectUpgrade(socket, 404, 'Not Found');
    // Any page the browser has open may try a WebSocket to us; only our own page is let in.
    if (!allowedOrigins().has(req.headers.origin ?? '')) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return rejectUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  /** Kept here as well as on each socket, so close() can end them all at once, before it resolves. */
  const subscriptions = new Map<WebSocket, () => void>();
  const release = (ws: WebSocket) => {
    subscriptions.get(ws)?.();
    subscriptions.delete(ws);
  };

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    const unsubscribe = workstation.subscribe((event: PultEvent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    });
    subscriptions.set(ws, unsubscribe);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => release(ws));
    ws.on('error', () => ws.terminate());
    // Calls over the socket: the same contract as POST /api/call, without a request's cost in the browser (a
    // fetch from the page takes ~4.5 ms here, a socket message ~0.4 ms). The token and Origin were checked on
    // the upgrade; the call itself is checked as over POST.
    ws.on('message', (data, isBinary) => {
      const call = isBinary ? null : socketCall(String(data));
      if (!call) return ws.close(1008, 'A message is { call, method, input }');
      // callContract answers every failure as a Result (core/dispatch.ts); it does not reject.
      void callContract(workstation.handlers, call).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ reply: call.call, result }));
      });
    });
  });

  // A laptop lid closed mid-connection leaves a socket that never says goodbye; ping it out.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      clearInterval(heartbeat);
      reject(error);
    };
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      port = address.port;
      resolve({
        url: `http://${LOOPBACK}:${port}/#token=${token}`,
        port,
        token,
        address: () => server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(heartbeat);
            // After close() resolves the workstation may be closed: nothing of ours may still listen to it.
            for (const ws of [...subscriptions.keys()]) release(ws);
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
