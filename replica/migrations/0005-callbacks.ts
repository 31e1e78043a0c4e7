import type { Migration } from './migration.js';

/**
 * Calls say who reported them (a desk, the PBX's webhook, its missed-call e-mail) and whose client they are;
 * callbacks get their own table, one row per callback ticket (its id is the ticket's). The indexes are the
 * callback rule's look-ups: the call with this SIP Call-ID, the open callback for this number, and the
 * desk's lists (open callbacks by due time, a client's and a ticket's calls, recent calls).
 */
const sql = String.raw`
ALTER TABLE calls ADD COLUMN source TEXT NOT NULL DEFAULT 'desk';
ALTER TABLE calls ADD COLUMN pbx_id TEXT;
ALTER TABLE calls ADD COLUMN client_id TEXT;
CREATE INDEX calls_by_sip_call_id ON calls (sip_call_id);
CREATE INDEX calls_by_callback_ticket_id ON calls (callback_ticket_id, started_at) WHERE callback_ticket_id IS NOT NULL;
CREATE INDEX calls_by_client_id ON calls (client_id, started_at) WHERE client_id IS NOT NULL;
CREATE INDEX calls_by_started_at ON calls (started_at);

CREATE TABLE callbacks (
  id TEXT PRIMARY KEY,
  number_key TEXT,
  number_raw TEXT NOT NULL,
  client_id TEXT,
  missed_count INTEGER NOT NULL,
  first_missed_at INTEGER NOT NULL,
  last_missed_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  claimed_by TEXT,
  claimed_at INTEGER,
  state TEXT NOT NULL,
  resolved_at INTEGER,
  resolution TEXT
) STRICT;
CREATE INDEX callbacks_by_number_key ON callbacks (number_key, state);
CREATE INDEX callbacks_by_state ON callbacks (state, due_at);
`;

export const migration0005: Migration = {
  version: 5,
  name: 'callbacks',
  up(db) {
    db.exec(sql);
  },
};
