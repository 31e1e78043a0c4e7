/**
 * Messages no real PBX should send, and that Kamailio would not pass on, put straight on the desk's
 * WebSocket: the softphone must not crash, must stay registered, and must not lose a call it could not read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installNodeWebSocket, startRawSipServer, type RawSipServer } from '../../../test-support/sip-lab/index.js';
import { Softphone } from './softphone.js';
import { record, waitFor } from '../../../test-support/sip-lab/softphone-harness.js';

let server: RawSipServer | null = null;
let phone: Softphone | null = null;

afterEach(async () => {
  await phone?.stop();
  await server?.close();
  phone = null;
  server = null;
});

function invite(lines: readonly string[]): string {
  return [...lines, 'Content-Length: 0', '', ''].join('\r\n');
}

const goodHeaders = (callId: string): string[] => [
  'INVITE sip:desk@127.0.0.1 SIP/2.0',
  'Via: SIP/2.0/WSS 127.0.0.1;branch=z9hG4bK-' + callId,
  'Max-Forwards: 70',
  'From: "Клиент" <sip:80291234567@pbx.example>;tag=f1',
  'To: <sip:desk@127.0.0.1>',
  `Call-ID: ${callId}`,
  'CSeq: 1 INVITE',
  'Contact: <sip:pbx@127.0.0.1>',
];

async function startDesk() {
  server = await startRawSipServer();
  installNodeWebSocket('');
  phone = new Softphone({ server: server.url, aor: 'sip:desk@127.0.0.1' });
  const rec = record(phone);
  await phone.start();
  return rec;
}

describe('softphone and malformed SIP', () => {
  it('an INVITE sip.js cannot parse at all (broken Via) is still recorded as a missed call with its caller', async () => {
    const rec = await startDesk();
    server?.send(invite(goodHeaders('broken-via').map((l) => (l.startsWith('Via:') ? 'Via: SIP/2.0/??? ;;;' : l))));
    const ended = await rec.next('ended');
    expect(ended.call).toMatchObject({
      id: 'broken-via',
      direction: 'incoming',
      peer: { kind: 'number', e164: '+375291234567' },
      record: { outcome: 'missed' },
    });
    expect(phone?.registrationState).toBe('registered');
  });

  it('the same unreadable INVITE twice is one missed call, not two callbacks', async () => {
    const rec = await startDesk();
    const raw = invite(goodHeaders('twice').map((l) => (l.startsWith('CSeq:') ? 'CSeq: x INVITE' : l)));
    server?.send(raw);
    server?.send(raw);
    await rec.next('ended');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rec.events.filter((e) => e.type === 'ended')).toHaveLength(1);
  });

  it('garbage, binary noise and a half message neither crash the desk nor drop its registration', async () => {
    const rec = await startDesk();
    for (const junk of [
      '',
      '\r\n\r\n',
      'hello',
      '\u0000\u0001\u0002',
      'SIP/2.0 200',
      'INVITE',
      'BYE sip:x SIP/2.0\r\n\r\n',
    ]) {
      server?.send(junk);
    }
    // After the noise a good call still rings.
    server?.send(invite(goodHeaders('after-noise')));
    const incoming = await rec.next('incoming');
    expect(incoming.call.id).toBe('after-noise');
    await waitFor(() => server?.received.some((m) => m.startsWith('SIP/2.0 180')) ?? false, 5_000);
    expect(phone?.registrationState).toBe('registered');
  });
});
