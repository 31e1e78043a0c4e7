import { expect } from 'vitest';
import type { KamailioLab, SippResult } from './index.js';
import { staticSessionDescriptionHandlerFactory } from './index.js';
import { Softphone, type SoftphoneEvent, type SoftphoneOptions } from '../../renderer/phone/sip/softphone.js';

/** Helpers the softphone's integration tests share: a desk on the lab, and its events in order. */

export type Recorder = Readonly<{
  events: readonly SoftphoneEvent[];
  /** The next event of this type not yet handed out, waiting for it if it has not happened yet. */
  next: <T extends SoftphoneEvent['type']>(
    type: T,
    timeoutMs?: number,
  ) => Promise<Extract<SoftphoneEvent, { type: T }>>;
}>;

export function record(phone: Softphone): Recorder {
  const events: SoftphoneEvent[] = [];
  const handedOut = new Map<string, number>();
  const waiters: (() => void)[] = [];
  phone.on((event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  const take = (type: string): SoftphoneEvent | undefined => {
    const used = handedOut.get(type) ?? 0;
    const event = events.filter((e) => e.type === type)[used];
    if (event) handedOut.set(type, used + 1);
    return event;
  };
  return {
    events,
    next: (type, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`no ${type} event within ${timeoutMs} ms; saw ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        const attempt = (): void => {
          const event = take(type);
          if (!event) {
            waiters.push(attempt);
            return;
          }
          clearTimeout(deadline);
          resolve(event as never);
        };
        attempt();
      }),
  };
}

export async function desk(
  lab: KamailioLab,
  phones: Softphone[],
  aor: string,
  over: Partial<SoftphoneOptions> = {},
): Promise<{ phone: Softphone; rec: Recorder }> {
  const phone = new Softphone({
    server: lab.wsUrl,
    aor: `sip:${aor}@${lab.domain}`,
    sessionDescriptionHandlerFactory: staticSessionDescriptionHandlerFactory,
    reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 },
    ...over,
  });
  phones.push(phone);
  const rec = record(phone);
  await phone.start();
  return { phone, rec };
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** sipp exits 0 only when every message of its scenario came, in order, as the scenario says. */
export function expectSippOk(lab: KamailioLab, result: SippResult): void {
  expect(result.exitCode, `${result.output}\n${result.errors}\n${lab.log().slice(-2000)}`).toBe(0);
}
