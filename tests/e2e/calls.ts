import type { Page, Request, WebSocket } from '@playwright/test';

/**
 * What the page asked the workstation, whichever way the call went: POST /api/call (before the events socket
 * opens, or while it reconnects) or the /api/events socket (`{ call, method, input }` out, `{ reply }` back).
 * Installed on every test's page by the fixture (fixtures.ts); a page made in a test of its own needs
 * `recordCalls` before it opens the desk.
 */

export type SeenCall = Readonly<{ method: string; input: unknown }>;

type Waiter = Readonly<{ matches: (call: SeenCall) => boolean; resolve: (result: unknown) => void }>;
type Recorder = { calls: SeenCall[]; waiters: Set<Waiter> };

const recorders = new WeakMap<Page, Recorder>();

function answered(recorder: Recorder, call: SeenCall, result: unknown): void {
  for (const waiter of [...recorder.waiters]) {
    if (!waiter.matches(call)) continue;
    recorder.waiters.delete(waiter);
    waiter.resolve(result);
  }
}

function parse(text: string | Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(String(text));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function watchSocket(recorder: Recorder, ws: WebSocket): void {
  if (new URL(ws.url()).pathname !== '/api/events') return;
  const sent = new Map<number, SeenCall>();
  ws.on('framesent', ({ payload }) => {
    const message = parse(payload);
    if (typeof message?.call !== 'number' || typeof message.method !== 'string') return;
    const call = { method: message.method, input: message.input };
    sent.set(message.call, call);
    recorder.calls.push(call);
  });
  ws.on('framereceived', ({ payload }) => {
    const message = parse(payload);
    const call = typeof message?.reply === 'number' ? sent.get(message.reply) : undefined;
    if (call) answered(recorder, call, message!.result);
  });
}

export function recordCalls(page: Page): void {
  if (recorders.has(page)) return;
  const recorder: Recorder = { calls: [], waiters: new Set() };
  recorders.set(page, recorder);
  const posted = new WeakMap<Request, SeenCall>();
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/api/call') return;
    const message = parse(request.postData() ?? '');
    if (typeof message?.method !== 'string') return;
    const call = { method: message.method, input: message.input };
    posted.set(request, call);
    recorder.calls.push(call);
  });
  page.on('requestfinished', async (request) => {
    const call = posted.get(request);
    if (!call) return;
    let body: Buffer | undefined;
    try {
      body = await (await request.response())?.body();
    } catch {
      return; // The page closed before its answer could be read: nobody waits for it any more.
    }
    answered(recorder, call, parse(body ?? ''));
  });
  page.on('websocket', (ws) => watchSocket(recorder, ws));
}

function recorderOf(page: Page): Recorder {
  const recorder = recorders.get(page);
  if (!recorder) throw new Error('recordCalls(page) was not called before the page opened the desk');
  return recorder;
}

/** Every call the page made so far, in the order it made them. */
export function callsOf(page: Page): readonly SeenCall[] {
  return [...recorderOf(page).calls];
}

/**
 * Resolves with the Result of the page's next call that `matches`, once it has come back to the page. Call it
 * before whatever makes the call.
 */
export function nextAnswer(page: Page, matches: (call: SeenCall) => boolean, timeoutMs = 30_000): Promise<unknown> {
  const recorder = recorderOf(page);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      recorder.waiters.delete(waiter);
      reject(new Error(`no answer to the awaited call within ${timeoutMs} ms`));
    }, timeoutMs);
    const waiter: Waiter = {
      matches,
      resolve: (result) => {
        clearTimeout(timer);
        resolve(result);
      },
    };
    recorder.waiters.add(waiter);
  });
}
