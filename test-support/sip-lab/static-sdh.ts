import type { SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

/**
 * A media handler for sip.js in Node, where there is no WebRTC: it offers and answers one audio stream
 * marked `a=inactive`, so signalling (answer, hold, BYE, REFER) is real and no media is pretended. Real
 * audio belongs to the browser tests.
 */
function inactiveSdp(): string {
  const id = Math.floor(Math.random() * 1e9);
  return [
    'v=0',
    `o=- ${id} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 9 RTP/AVP 0',
    'a=rtpmap:0 PCMU/8000',
    'a=inactive',
    '',
  ].join('\r\n');
}

export const staticSessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory = () => {
  let remote: string | null = null;
  const handler: SessionDescriptionHandler = {
    close: () => undefined,
    getDescription: async () => ({ body: inactiveSdp(), contentType: 'application/sdp' }),
    hasDescription: (contentType) => contentType === 'application/sdp',
    setDescription: async (sdp) => {
      remote = sdp;
      void remote;
    },
    // No RTP: DTMF goes by SIP INFO.
    sendDtmf: () => false,
  };
  return handler;
};
