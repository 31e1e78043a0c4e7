import type { Migration } from './migration.js';

/**
 * The first schema. Synced tables hold exactly the fields of core/entities.ts (snake_case). Columns marked
 * "derived" are a local read model kept by triggers (sort keys, paid totals, the full-text index): they are
 * never synced, and whoever writes a synced row — a local mutation or a pulled change — gets them right.
 */
const sql = String.raw`
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE statuses (
  code TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('open', 'completed', 'cancelled')),
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL,
  color TEXT NOT NULL
) STRICT;

CREATE TABLE status_transitions (
  from_status TEXT NOT NULL REFERENCES statuses (code),
  to_status TEXT NOT NULL REFERENCES statuses (code),
  PRIMARY KEY (from_status, to_status)
) STRICT, WITHOUT ROWID;

CREATE TABLE employees (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,             -- JSON array of role codes
  sip_extension TEXT,
  color TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE clients (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tax_id TEXT,
  category TEXT,
  address TEXT,
  notes TEXT,
  currency TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX clients_by_name ON clients (name);
CREATE INDEX clients_by_tax_id ON clients (tax_id) WHERE tax_id IS NOT NULL;

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT,
  email TEXT
) STRICT;
CREATE INDEX contacts_by_client_id ON contacts (client_id);

CREATE TABLE phones (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  contact_id TEXT,
  raw TEXT NOT NULL,
  e164 TEXT
) STRICT;
CREATE INDEX phones_by_e164 ON phones (e164) WHERE e164 IS NOT NULL;
CREATE INDEX phones_by_client_id ON phones (client_id);

CREATE TABLE vehicles (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  plate TEXT NOT NULL,
  make TEXT,
  model TEXT,
  vin TEXT,
  unit_id TEXT,
  plate_key TEXT NOT NULL DEFAULT ''    -- derived: plate without spaces, Cyrillic look-alikes as Latin
) STRICT;
CREATE INDEX vehicles_by_client_id ON vehicles (client_id);
CREATE INDEX vehicles_by_plate_key ON vehicles (plate_key);

CREATE TABLE tickets (
  seq INTEGER PRIMARY KEY,              -- local, stable row key (the FTS index and tie-breaks use it)
  id TEXT NOT NULL UNIQUE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  client_id TEXT NOT NULL,
  contact_id TEXT,
  vehicle_id TEXT,
  assignee_id TEXT,
  parent_id TEXT,
  source TEXT NOT NULL,
  billing TEXT NOT NULL CHECK (billing IN ('warranty', 'paid')),
  amount INTEGER NOT NULL,
  planned_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_at INTEGER,
  created_by TEXT,
  -- derived
  priority_rank INTEGER NOT NULL DEFAULT 0,
  client_name TEXT NOT NULL DEFAULT '',
  assignee_name TEXT,
  status_position INTEGER NOT NULL DEFAULT 0,
  status_kind TEXT NOT NULL DEFAULT 'open',
  paid_total INTEGER NOT NULL DEFAULT 0
) STRICT;
-- One index per sortable column, with the tie-breaker last so a deep page walks the index in one direction.
CREATE INDEX tickets_by_number ON tickets (number, seq);
CREATE INDEX tickets_by_title ON tickets (title, seq);
CREATE INDEX tickets_by_status_position ON tickets (status_position, seq);
CREATE INDEX tickets_by_type ON tickets (type, seq);
CREATE INDEX tickets_by_priority_rank ON tickets (priority_rank, seq);
CREATE INDEX tickets_by_client_name ON tickets (client_name, seq);
CREATE INDEX tickets_by_assignee_name ON tickets (assignee_name, seq);
CREATE INDEX tickets_by_created_at ON tickets (created_at, seq);
CREATE INDEX tickets_by_updated_at ON tickets (updated_at, seq);
CREATE INDEX tickets_by_planned_at ON tickets (planned_at, seq);
CREATE INDEX tickets_by_status ON tickets (status, seq);
CREATE INDEX tickets_by_client_id ON tickets (client_id, seq);
CREATE INDEX tickets_by_assignee_id ON tickets (assignee_id, seq);
CREATE INDEX tickets_by_parent_id ON tickets (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX tickets_by_status_kind ON tickets (status_kind, seq);
-- The debt rule as an index: completed paid tickets that are not fully paid.
CREATE INDEX tickets_unpaid_by_client_id ON tickets (client_id, resolved_at)
  WHERE billing = 'paid' AND status_kind = 'completed' AND paid_total < amount;

CREATE TABLE ticket_status_log (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT
) STRICT;
CREATE INDEX ticket_status_log_by_ticket_id ON ticket_status_log (ticket_id, at);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  author_id TEXT,
  body TEXT NOT NULL,
  public INTEGER NOT NULL CHECK (public IN (0, 1)),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX comments_by_ticket_id ON comments (ticket_id, at);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  paid_at INTEGER NOT NULL,
  by TEXT
) STRICT;
CREATE INDEX payments_by_ticket_id ON payments (ticket_id);

CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  engineer_id TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  place TEXT
) STRICT;
CREATE INDEX visits_by_engineer_id ON visits (engineer_id, start_at);
CREATE INDEX visits_by_ticket_id ON visits (ticket_id);

CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  sip_call_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  number_raw TEXT NOT NULL,
  number_e164 TEXT,
  started_at INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at INTEGER,
  outcome TEXT NOT NULL,
  agent_id TEXT,
  callback_ticket_id TEXT
) STRICT;
CREATE INDEX calls_by_number_e164 ON calls (number_e164, started_at);

CREATE TABLE debt_acknowledgements (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  debt_count INTEGER NOT NULL,
  debt_sum INTEGER NOT NULL,
  oldest_at INTEGER,
  by TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX debt_acknowledgements_by_client_id ON debt_acknowledgements (client_id, at);

-- Every local mutation, in order, until the server has acknowledged it (the sync issue pushes it).
CREATE TABLE outbox (
  mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Full-text index over what a dispatcher types into search. Contentless: the text lives in the tables.
CREATE VIRTUAL TABLE ticket_fts USING fts5 (
  number, title, description, client, plate, phones,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

-- Derived columns of a ticket, from the rows it points at.
CREATE TRIGGER tickets_derive_after_insert AFTER INSERT ON tickets BEGIN
  UPDATE tickets SET
    client_name = coalesce((SELECT name FROM clients WHERE id = NEW.client_id), ''),
    assignee_name = (SELECT name FROM employees WHERE id = NEW.assignee_id),
    status_position = coalesce((SELECT position FROM statuses WHERE code = NEW.status), 0),
    status_kind = coalesce((SELECT kind FROM statuses WHERE code = NEW.status), 'open'),
    paid_total = coalesce((SELECT sum(amount) FROM payments WHERE ticket_id = NEW.id), 0)
  WHERE seq = NEW.seq;
END;
CREATE TRIGGER tickets_derive_after_update AFTER UPDATE OF client_id, assignee_id, status ON tickets BEGIN
  UPDATE tickets SET
    client_name = coalesce((SELECT name FROM clients WHERE id = NEW.client_id), ''),
    assignee_name = (SELECT name FROM employees WHERE id = NEW.assignee_id),
    status_position = coalesce((SELECT position FROM statuses WHERE code = NEW.status), 0),
    status_kind = coalesce((SELECT kind FROM statuses WHERE code = NEW.status), 'open')
  WHERE seq = NEW.seq;
END;
CREATE TRIGGER clients_name_to_tickets AFTER UPDATE OF name ON clients BEGIN
  UPDATE tickets SET client_name = NEW.name WHERE client_id = NEW.id;
END;
CREATE TRIGGER clients_insert_to_tickets AFTER INSERT ON clients BEGIN
  UPDATE tickets SET client_name = NEW.name WHERE client_id = NEW.id;
END;
CREATE TRIGGER employees_name_to_tickets AFTER UPDATE OF name ON employees BEGIN
  UPDATE tickets SET assignee_name = NEW.name WHERE assignee_id = NEW.id;
END;
CREATE TRIGGER statuses_to_tickets AFTER UPDATE OF position, kind ON statuses BEGIN
  UPDATE tickets SET status_position = NEW.position, status_kind = NEW.kind WHERE status = NEW.code;
END;
CREATE TRIGGER payments_after_insert AFTER INSERT ON payments BEGIN
  UPDATE tickets SET paid_total = paid_total + NEW.amount WHERE id = NEW.ticket_id;
END;
CREATE TRIGGER payments_after_delete AFTER DELETE ON payments BEGIN
  UPDATE tickets SET paid_total = paid_total - OLD.amount WHERE id = OLD.ticket_id;
END;
CREATE TRIGGER payments_after_update AFTER UPDATE OF amount, ticket_id ON payments BEGIN
  UPDATE tickets SET paid_total = paid_total - OLD.amount WHERE id = OLD.ticket_id;
  UPDATE tickets SET paid_total = paid_total + NEW.amount WHERE id = NEW.ticket_id;
END;

-- The full-text row of a ticket. «ё» is folded to «е» here because unicode61 keeps them apart.
CREATE VIEW ticket_fts_source AS
SELECT
  t.seq AS seq,
  t.number AS number,
  replace(replace(t.title, 'ё', 'е'), 'Ё', 'Е') AS title,
  replace(replace(t.description, 'ё', 'е'), 'Ё', 'Е') AS description,
  replace(replace(coalesce(c.name, '') || ' ' || coalesce(c.tax_id, ''), 'ё', 'е'), 'Ё', 'Е') AS client,
  coalesce(v.plate || ' ' || v.plate_key, '') AS plate,
  coalesce((SELECT group_concat(substr(p.e164, 2) || ' ' || substr(p.e164, -7), ' ') FROM phones p
            WHERE p.client_id = t.client_id AND p.e164 IS NOT NULL), '') AS phones
FROM tickets t
LEFT JOIN clients c ON c.id = t.client_id
LEFT JOIN vehicles v ON v.id = t.vehicle_id;

-- Bulk loads (a first sync, demo data) defer the full-text index and build it in one pass afterwards
-- (main/store/fts.ts): row-by-row indexing costs several times more. While deferred, rows that change
-- after the pass has indexed them are listed in fts_stale and indexed again at the end.
CREATE TABLE fts_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  deferred INTEGER NOT NULL CHECK (deferred IN (0, 1))
) STRICT;
INSERT INTO fts_state (id, deferred) VALUES (1, 0);
CREATE TABLE fts_stale (seq INTEGER PRIMARY KEY) STRICT;

CREATE TRIGGER tickets_fts_after_insert AFTER INSERT ON tickets
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT seq, number, title, description, client, plate, phones FROM ticket_fts_source WHERE seq = NEW.seq;
END;
CREATE TRIGGER tickets_fts_after_update
AFTER UPDATE OF number, title, description, client_id, vehicle_id ON tickets
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN
  DELETE FROM ticket_fts WHERE rowid = NEW.seq;
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT seq, number, title, description, client, plate, phones FROM ticket_fts_source WHERE seq = NEW.seq;
END;
CREATE TRIGGER tickets_fts_stale_after_update
AFTER UPDATE OF number, title, description, client_id, vehicle_id ON tickets
WHEN (SELECT deferred FROM fts_state) = 1 BEGIN
  INSERT OR IGNORE INTO fts_stale (seq) VALUES (NEW.seq);
END;
CREATE TRIGGER tickets_fts_after_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_fts WHERE rowid = OLD.seq;
  DELETE FROM fts_stale WHERE seq = OLD.seq;
END;
CREATE TRIGGER clients_fts_after_update AFTER UPDATE OF name, tax_id ON clients
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN
  DELETE FROM ticket_fts WHERE rowid IN (SELECT seq FROM tickets WHERE client_id = NEW.id);
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT s.seq, s.number, s.title, s.description, s.client, s.plate, s.phones
  FROM tickets t JOIN ticket_fts_source s ON s.seq = t.seq WHERE t.client_id = NEW.id;
END;
CREATE TRIGGER clients_fts_stale_after_update AFTER UPDATE OF name, tax_id ON clients
WHEN (SELECT deferred FROM fts_state) = 1 BEGIN
  INSERT OR IGNORE INTO fts_stale (seq) SELECT seq FROM tickets WHERE client_id = NEW.id;
END;
CREATE TRIGGER vehicles_fts_after_update AFTER UPDATE OF plate, plate_key ON vehicles
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN
  DELETE FROM ticket_fts WHERE rowid IN (SELECT seq FROM tickets WHERE vehicle_id = NEW.id);
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT s.seq, s.number, s.title, s.description, s.client, s.plate, s.phones
  FROM tickets t JOIN ticket_fts_source s ON s.seq = t.seq WHERE t.vehicle_id = NEW.id;
END;
CREATE TRIGGER vehicles_fts_stale_after_update AFTER UPDATE OF plate, plate_key ON vehicles
WHEN (SELECT deferred FROM fts_state) = 1 BEGIN
  INSERT OR IGNORE INTO fts_stale (seq) SELECT seq FROM tickets WHERE vehicle_id = NEW.id;
END;
CREATE TRIGGER phones_fts_after_insert AFTER INSERT ON phones
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN
  DELETE FROM ticket_fts WHERE rowid IN (SELECT seq FROM tickets WHERE client_id = NEW.client_id);
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT s.seq, s.number, s.title, s.description, s.client, s.plate, s.phones
  FROM tickets t JOIN ticket_fts_source s ON s.seq = t.seq WHERE t.client_id = NEW.client_id;
END;
CREATE TRIGGER phones_fts_stale_after_insert AFTER INSERT ON phones
WHEN (SELECT deferred FROM fts_state) = 1 BEGIN
  INSERT OR IGNORE INTO fts_stale (seq) SELECT seq FROM tickets WHERE client_id = NEW.client_id;
END;
`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(sql);
  },
};
