import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { KamailioLab } from './kamailio.js';

/**
 * Registers `user` at the lab's registrar with a contact on 127.0.0.1:`port` over UDP: a line behind the PBX
 * (a sipp callee) that a desk's call to `user` must reach. One REGISTER, sent from a socket of its own, so the
 * contact is exactly the port named, not the sender's; resolves on 200, rejects on anything else or silence.
 */
export async function registerContact(lab: KamailioLab, user: string, port: number, expires = 300): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const local = socket.address().port;
  const tag = randomBytes(6).toString('hex');
  const callId = `${randomBytes(10).toString('hex')}@127.0.0.1`;
  const aor = `sip:${user}@${lab.domain}`;
  const request = [
    `REGISTER sip:${lab.domain} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};rport;branch=z9hG4bK${randomBytes(8).toString('hex')}`,
    'Max-Forwards: 70',
    `From: <${aor}>;tag=${tag}`,
    `To: <${aor}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 REGISTER',
    `Contact: <sip:${user}@127.0.0.1:${port}>`,
    `Expires: ${expires}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  try {
    const status = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to REGISTER ${aor} in 5 s`)), 5_000);
      socket.on('message', (message) => {
        const line = message.toString('utf8').split('\r\n', 1)[0] ?? '';
        if (/^SIP\/2\.0 1\d\d/.test(line)) return;
        clearTimeout(timer);
        resolve(line);
      });
      socket.send(request, lab.udpPort, '127.0.0.1');
    });
    if (!/^SIP\/2\.0 200 /.test(status)) throw new Error(`REGISTER ${aor} was answered ${status}`);
  } finally {
    socket.close();
  }
}
