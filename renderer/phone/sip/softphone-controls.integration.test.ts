/**
 * What a dispatcher does with a call, done through real signalling: Kamailio in the middle, sipp (or a
 * second desk) at the other end checking that each request arrives as the PBX expects it. And the
 * refusals: a command that cannot apply says why and sends nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installNodeWebSocket, runSipp, startKamailio, type KamailioLab } from '../../../test-support/sip-lab/index.js';
import { Softphone, SoftphoneError, type SoftphoneOptions } from './softphone.js';
import { desk as labDesk, expectSippOk } from '../../../test-support/sip-lab/softphone-harness.js';

let lab: KamailioLab;
const phones: Softphone[] = [];
const desk = (aor: string, over: Partial<SoftphoneOptions> = {}) => labDesk(lab, phones, aor, over);

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

describe('softphone call controls against Kamailio', () => {
  it('answer, hold, DTMF, resume, blind transfer and hang up each reach the caller in order', async () => {
    const { phone, rec } = await desk('controls');
    const run = runSipp(lab, { scenario: 'desk-controls', target: 'controls' });
    const { call } = await rec.next('incoming');
    await phone.answer(call.id);
    await rec.next('answered');
    await phone.setHeld(call.id, true);
    expect(phone.activeCalls()[0]).toMatchObject({ id: call.id, held: true });
    await phone.sendDtmf(call.id, '5');
    await phone.setHeld(call.id, false);
    phone.setMuted(call.id, true);
    expect(phone.activeCalls()[0]).toMatchObject({ held: false, muted: true });
    await phone.transfer(call.id, '105');
    await phone.hangUp(call.id);
    const ended = await rec.next('ended');
    expect(ended.call.record.outcome).toBe('answered');
    expect(phone.activeCalls()).toEqual([]);
    expectSippOk(lab, await run);
  });

  it('a call the desk rejects is recorded as rejected and the caller hears busy', async () => {
    const { phone, rec } = await desk('rejecting');
    const run = runSipp(lab, { scenario: 'rejected', target: 'rejecting' });
    const { call } = await rec.next('incoming');
    await phone.reject(call.id);
    expect((await rec.next('ended')).call.record.outcome).toBe('rejected');
    expectSippOk(lab, await run);
  });

  it('one desk calls another through the PBX; both see it answered, and both see it end', async () => {
    const anna = await desk('anna');
    const boris = await desk('boris', { server: lab.wssUrl });
    const outgoing = await anna.phone.call('boris');
    expect(outgoing.direction).toBe('outgoing');
    const ringing = await boris.rec.next('incoming');
    expect(ringing.call.peer).toMatchObject({ kind: 'unknown', user: 'anna' });
    await boris.phone.answer(ringing.call.id);
    await anna.rec.next('answered');
    await anna.phone.hangUp(outgoing.id);
    expect((await anna.rec.next('ended')).call.record.outcome).toBe('answered');
    expect((await boris.rec.next('ended')).call.record.outcome).toBe('answered');
  });

  it('a call to nobody registered ends as rejected, not as a call in progress', async () => {
    const { phone, rec } = await desk('caller');
    const call = await phone.call('sip:nobody@127.0.0.1');
    const ended = await rec.next('ended');
    expect(ended.call.id).toBe(call.id);
    expect(ended.call.record.outcome).toBe('rejected');
  });

  it('commands that cannot apply are refused with a reason and change nothing', async () => {
    const { phone, rec } = await desk('refusals');
    await expect(phone.answer('no-such-call')).rejects.toThrow(SoftphoneError);
    await expect(phone.call('')).rejects.toThrow(/Not a number or SIP address/);
    await expect(phone.call('sip:')).rejects.toThrow(SoftphoneError);
    const run = runSipp(lab, { scenario: 'cancel-without-reason', target: 'refusals' });
    const { call } = await rec.next('incoming');
    // Ringing, not connected: nothing to hold, mute, transfer or send digits on.
    await expect(phone.setHeld(call.id, true)).rejects.toThrow(/not connected/);
    expect(() => phone.setMuted(call.id, true)).toThrow(/not connected/);
    await expect(phone.transfer(call.id, '105')).rejects.toThrow(/not connected/);
    await expect(phone.sendDtmf(call.id, '5; rm -rf')).rejects.toThrow(/DTMF/);
    expect(phone.activeCalls()).toEqual([expect.objectContaining({ id: call.id, held: false, muted: false })]);
    // The refusals did not disturb the call: the CANCEL still classifies it.
    expect((await rec.next('ended')).call.record.outcome).toBe('missed');
    expectSippOk(lab, await run);
  });

  it('a bad PBX address or account is refused before anything connects', () => {
    expect(() => new Softphone({ server: 'http://pbx', aor: 'sip:1@pbx' })).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => new Softphone({ server: 'wss://pbx', aor: 'not an address' })).toThrow(/Not a SIP address/);
  });
});
