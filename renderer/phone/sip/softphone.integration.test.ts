/**
 * The softphone against real SIP software: Kamailio 5.6 as the PBX (WS and WSS), sipp as the caller over
 * UDP. Each test tries to make the desk lose a call or misfile it: a CANCEL with one, several or no Reason
 * values, a ring group where a colleague answers, a tel: caller sip.js alone would drop, a withheld
 * caller, a WebSocket that dies while the phone rings, a PBX restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  installNodeWebSocket,
  runSipp,
  startKamailio,
  startTcpProxy,
  staticSessionDescriptionHandlerFactory,
  type KamailioLab,
  type SippRun,
} from '../../../test-support/sip-lab/index.js';
import { Softphone, type SoftphoneOptions } from './softphone.js';
import { desk as labDesk, waitFor } from '../../../test-support/sip-lab/softphone-harness.js';

let lab: KamailioLab;
const phones: Softphone[] = [];

beforeAll(async () => {
  lab = await startKamailio();
  installNodeWebSocket(lab.caPem);
}, 20_000);

afterEach(async () => {
  await Promise.all(phones.splice(0).map((phone) => phone.stop().catch(() => undefined)));
});

afterAll(async () => {
  await lab?.stop();
});

const desk = (aor: string, over: Partial<SoftphoneOptions> = {}) => labDesk(lab, phones, aor, over);

async function sipp(run: SippRun) {
  const result = await runSipp(lab, run);
  return result;
}

function expectSippOk(result: Awaited<ReturnType<typeof sipp>>): void {
  expect(result.exitCode, `${result.output}\n${result.errors}\n${lab.log().slice(-2000)}`).toBe(0);
}

describe('softphone against Kamailio and sipp', () => {
  it('registers over WS and over WSS (the lab certificate is trusted as a CA, not ignored)', async () => {
    const ws = await desk('reg-ws');
    const wss = await desk('reg-wss', { server: lab.wssUrl });
    expect(ws.phone.registrationState).toBe('registered');
    expect(wss.phone.registrationState).toBe('registered');
  });

  it('a call cancelled without a Reason is seen ringing with its caller and recorded as missed', async () => {
    const { rec } = await desk('missed');
    const run = sipp({ scenario: 'cancel-without-reason', target: 'missed', keys: { caller: '80291234567' } });
    const incoming = await rec.next('incoming');
    expect(incoming.call.peer).toMatchObject({ kind: 'number', e164: '+375291234567' });
    const ended = await rec.next('ended');
    expect(ended.call.id).toBe(incoming.call.id);
    expect(ended.call.record.outcome).toBe('missed');
    expectSippOk(await run);
  });

  it.each([
    ['one value', 'cancel-with-reason', { reason: 'SIP;cause=200;text="Call completed elsewhere"' }],
    ['several values in one header', 'cancel-with-reason', { reason: 'Q.850;cause=16;text="Normal", SIP;cause=200' }],
    ['two Reason headers', 'cancel-with-two-reason-headers', { reason: 'Q.850;cause=16', reason2: 'sip;CAUSE=200' }],
  ] as const)(
    'a CANCEL carrying SIP;cause=200 (%s) is answered elsewhere, not missed',
    async (_label, scenario, keys) => {
      const aor = `elsewhere-${scenario}-${Object.keys(keys).length}-${keys.reason.length}`;
      const { rec } = await desk(aor);
      const run = sipp({ scenario, target: aor, keys });
      await rec.next('incoming');
      const ended = await rec.next('ended');
      expect(ended.call.record.outcome).toBe('answered-elsewhere');
      expectSippOk(await run);
    },
  );

  it('a CANCEL whose Reason is only Q.850;cause=16 is still missed', async () => {
    const { rec } = await desk('q850');
    const run = sipp({ scenario: 'cancel-with-reason', target: 'q850', keys: { reason: 'Q.850;cause=16' } });
    expect((await rec.next('ended')).call.record.outcome).toBe('missed');
    expectSippOk(await run);
  });

  it('two desks in one ring group both ring; the one that answers has it, the other records answered elsewhere', async () => {
    const anna = await desk('group');
    const boris = await desk('group', { server: lab.wssUrl });
    const run = sipp({ scenario: 'answered-call', target: 'group', keys: { caller: '+375172001122' } });
    const [ringA, ringB] = await Promise.all([anna.rec.next('incoming'), boris.rec.next('incoming')]);
    expect(ringA.call.id).toBe(ringB.call.id);
    expect(ringB.call.peer).toMatchObject({ e164: '+375172001122' });
    await anna.phone.answer(ringA.call.id);
    const endedB = await boris.rec.next('ended');
    expect(endedB.call.record.outcome).toBe('answered-elsewhere');
    expect((await anna.rec.next('answered')).call.record.outcome).toBe('answered');
    // sipp hangs up a second later: the answered call ends answered, with both times set.
    const endedA = await anna.rec.next('ended');
    expect(endedA.call.record).toMatchObject({ outcome: 'answered' });
    expect(endedA.call.record.endedAt).toBeGreaterThanOrEqual(endedA.call.record.answeredAt ?? Infinity);
    expectSippOk(await run);
  });

  it('a caller with tel: URIs in From and P-Asserted-Identity is seen with its number (sip.js alone drops it)', async () => {
    const { rec } = await desk('tel');
    const run = sipp({ scenario: 'tel-identity', target: 'tel', keys: { caller: '+375-29-765-43-21' } });
    const incoming = await rec.next('incoming');
    expect(incoming.call.peer).toMatchObject({
      kind: 'number',
      e164: '+375297654321',
      source: 'p-asserted-identity',
    });
    expect((await rec.next('ended')).call.record.outcome).toBe('missed');
    // sipp only finishes if the desk's 180 and 487 made it back through Kamailio.
    expectSippOk(await run);
  });

  it('a withheld caller (anonymous From, Privacy: id) is seen as withheld and still recorded as missed', async () => {
    const { rec } = await desk('withheld');
    const run = sipp({ scenario: 'withheld', target: 'withheld' });
    const incoming = await rec.next('incoming');
    expect(incoming.call.peer).toEqual({ kind: 'withheld', displayName: null });
    expect((await rec.next('ended')).call.record.outcome).toBe('missed');
    expectSippOk(await run);
  });

  it('Cyrillic and very long display names reach the desk intact', async () => {
    const { rec } = await desk('names');
    const long = 'ООО Транспортная компания Полесье-Логистик, диспетчерская служба '.repeat(8).trim();
    for (const display of ['Иван Петрович', long]) {
      const run = sipp({ scenario: 'display-name', target: 'names', keys: { display, caller: '+79161234567' } });
      const incoming = await rec.next('incoming');
      expect(incoming.call.peer).toMatchObject({ kind: 'number', e164: '+79161234567', displayName: display });
      expect((await rec.next('ended')).call.record.outcome).toBe('missed');
      expectSippOk(await run);
    }
  });

  it.each([
    ['urn:x-pult:+375291234567', { kind: 'withheld' }],
    ['sip:+375(29)1234567@[::1', { kind: 'number', e164: '+375291234567' }],
  ] as const)(
    'an INVITE from %s, which Kamailio passes and sip.js cannot parse, still rings and is recorded',
    async (fromUri, peer) => {
      const { phone, rec } = await desk('unparsable');
      const run = sipp({ scenario: 'raw-from', target: 'unparsable', keys: { display: 'Клиент', from_uri: fromUri } });
      const incoming = await rec.next('incoming');
      expect(incoming.call.peer).toMatchObject(peer);
      expect((await rec.next('ended')).call.record.outcome).toBe('missed');
      expect(phone.registrationState).toBe('registered');
      // The desk's 180 and 487 carried the PBX's own From back: sipp saw its dialog complete.
      expectSippOk(await run);
    },
  );

  it("the PBX's own ring timeout cancels the desk and the call is missed", async () => {
    const { rec } = await desk('timeout');
    const run = sipp({ scenario: 'ring-timeout', target: 'timeout', keys: { ring_timeout: '2' } });
    const incoming = await rec.next('incoming');
    const ended = await rec.next('ended', 8_000);
    expect(ended.call.record.outcome).toBe('missed');
    expect(ended.call.record.endedAt! - incoming.call.record.ringingAt).toBeGreaterThanOrEqual(1_500);
    expectSippOk(await run);
  });

  it('a WebSocket that drops while the phone rings: the call is recorded missed and the desk re-registers', async () => {
    const proxy = await startTcpProxy(Number(new URL(lab.wsUrl).port));
    try {
      const { phone, rec } = await desk('dropped', { server: `ws://127.0.0.1:${proxy.port}` });
      const run = sipp({ scenario: 'ring-timeout', target: 'dropped', keys: { ring_timeout: '3' } });
      const incoming = await rec.next('incoming');
      proxy.dropAll();
      const ended = await rec.next('ended');
      expect(ended.call.id).toBe(incoming.call.id);
      expect(ended.call.record.outcome).toBe('missed');
      await waitFor(() => phone.registrationState === 'registered', 10_000);
      const states = rec.events.flatMap((e) => (e.type === 'registration' ? [e.state] : []));
      expect(states).toEqual(['registered', 'reconnecting', 'registered']);
      await run;
      // Registered again for real: the next call rings here.
      const again = sipp({ scenario: 'cancel-without-reason', target: 'dropped' });
      await rec.next('incoming');
      expect((await rec.next('ended')).call.record.outcome).toBe('missed');
      expectSippOk(await again);
    } finally {
      await proxy.close();
    }
  });

  it('after Kamailio restarts (all registrations lost) the desk re-registers by itself and calls ring again', async () => {
    const { phone, rec } = await desk('restart');
    await lab.restart();
    await waitFor(() => phone.registrationState === 'registered' && rec.events.length > 1, 15_000);
    const states = rec.events.flatMap((e) => (e.type === 'registration' ? [e.state] : []));
    expect(states).toEqual(['registered', 'reconnecting', 'registered']);
    const run = sipp({ scenario: 'cancel-without-reason', target: 'restart' });
    await rec.next('incoming');
    expect((await rec.next('ended')).call.record.outcome).toBe('missed');
    expectSippOk(await run);
  });

  it('a desk opened while the PBX is down says so, then registers by itself when the PBX comes up', async () => {
    await lab.kill();
    try {
      const phone = new Softphone({
        server: lab.wsUrl,
        aor: `sip:late@${lab.domain}`,
        sessionDescriptionHandlerFactory: staticSessionDescriptionHandlerFactory,
        reconnect: { initialDelayMs: 200, maxDelayMs: 1_000 },
      });
      phones.push(phone);
      await expect(phone.start()).rejects.toThrow(/Cannot reach the PBX/);
      expect(phone.registrationState).toBe('reconnecting');
    } finally {
      await lab.restart();
    }
    const phone = phones[phones.length - 1] as Softphone;
    await waitFor(() => phone.registrationState === 'registered', 10_000);
  });
});
