import { z } from 'zod';
import { Millis, text } from '../schema/text.js';

/**
 * A call as a PBX reports it to the server, without any desk: through the CTI webhook (a dial-plan hook or a
 * CDR script) or through the mailbox the PBX e-mails missed calls to. Both readers turn what they receive into
 * this one shape, and the server runs the same callback rule on it as on a call a desk saw: the same dedupe by
 * call id, the same one open callback per number.
 */
export const PbxCallEvent = z
  .object({
    /** Which PBX reported it (the owner of the webhook token or of the mailbox). */
    pbxId: text(100).min(1),
    /** The PBX's id of the call: the SIP Call-ID when the PBX has one, so a desk's record of it is the same call. */
    callId: text(200).min(1),
    direction: z.enum(['in', 'out']),
    /** The caller's number as the PBX wrote it (`+375 29 …`, `8029…`, `anonymous`, empty when withheld). */
    from: text(200),
    /** The number or queue that was called, when known. */
    to: text(200).nullable(),
    queue: text(200).nullable(),
    startedAt: Millis,
    answeredAt: Millis.nullable(),
    endedAt: Millis.nullable(),
    /** `ringing` and `answered` may be followed by a later event for the same call that settles it. */
    state: z.enum(['ringing', 'answered', 'missed', 'rejected', 'ended']),
    /** Who answered, as the PBX names the agent (extension or user), when someone did. */
    answeredBy: text(200).nullable(),
  })
  .strict();
export type PbxCallEvent = z.infer<typeof PbxCallEvent>;

/** Where the server's readers hand each event; the callback rule behind it records it once. */
export type PbxCallSink = (event: PbxCallEvent) => Promise<void>;
