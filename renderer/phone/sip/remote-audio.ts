import type { Session } from 'sip.js';

/**
 * Makes a call's incoming audio audible. sip.js's WebRTC handler collects the caller's tracks in
 * `remoteMediaStream`, but nothing plays a MediaStream unless a media element is given it: without this the
 * call connects, packets arrive, and the operator hears silence. The stream object stays the same when a
 * re-INVITE (hold, resume) swaps its tracks, so one element serves the whole call.
 *
 * Returns what stops playback; a handler without a stream (the static one tests use in Node) plays nothing.
 */
export function playRemoteAudio(session: Session, onError: (message: string) => void): () => void {
  const handler = session.sessionDescriptionHandler as { remoteMediaStream?: unknown } | undefined;
  const stream = handler?.remoteMediaStream;
  if (typeof MediaStream === 'undefined' || !(stream instanceof MediaStream) || typeof Audio === 'undefined') {
    return () => undefined;
  }
  const audio = new Audio();
  audio.autoplay = true;
  audio.srcObject = stream;
  audio.play().catch((error: unknown) => {
    onError(`The caller cannot be heard: ${error instanceof Error ? error.message : String(error)}`);
  });
  return () => {
    audio.pause();
    audio.srcObject = null;
  };
}
