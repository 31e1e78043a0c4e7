import { request } from 'node:http';

/**
 * One HTTP request with what fetch cannot do: pick the local address it comes from (127.0.0.2 is another
 * client on loopback), send any header, and see the answer's headers. No keep-alive: one socket per request.
 */
export type RawReply = Readonly<{
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  body: unknown;
}>;

export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: Readonly<{ body?: string; headers?: Record<string, string>; localAddress?: string }> = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request(
      url,
      { method, headers, agent: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON: the test sees the text and says so.
          }
          const flat: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: flat, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A JSON sign-in from a given local address, optionally through a proxy header. */
export function loginFrom(
  baseUrl: string,
  login: string,
  password: string,
  options: Readonly<{ localAddress?: string; forwardedFor?: string }> = {},
): Promise<RawReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
  return rawRequest(baseUrl, 'POST', '/api/auth/login', {
    body: JSON.stringify({ login, password }),
    headers,
    localAddress: options.localAddress,
  });
}
