import type { Database } from 'better-sqlite3';
import { sortKey } from '../../core/sort-key.js';
import type { Migration } from './migration.js';

/**
 * Search and order as a dispatcher expects them:
 * - Russian alphabetical order for the client and title sorts: `clients.name_key` and `tickets.title_key` are
 *   core's `sortKey` of the name and title, written with the row (replica/rows.ts), and `tickets.client_key`
 *   follows the client's key the way `client_name` follows its name. The grid sorts on indexes over the keys,
 *   so the raw-text indexes it used before go.
 * - The text index also holds the ticket's contact name (in the `client` column, folded like the client's
 *   name: ё as е, case by the tokenizer), and for every phone its last 3 to 6 digits as `tel`-prefixed
 *   tokens, so that a dispatcher who knows only "…45-67" finds the client.
 * Existing rows get their keys here, and every ticket is indexed again through the new view.
 */
const foldYo = (expr: string) => `replace(replace(${expr}, 'ё', 'е'), 'Ё', 'Е')`;

/** The prefix of phone-ending tokens; letters keep them apart from numbers a user types. */
export const PHONE_ENDING_TOKEN = 'tel';
export const PHONE_ENDING_DIGITS = [3, 4, 5, 6] as const;

const endingTokens = PHONE_ENDING_DIGITS.map((n) => `' ${PHONE_ENDING_TOKEN}' || substr(p.e164, -${n})`).join(' || ');

const view = String.raw`
DROP VIEW ticket_fts_source;
CREATE VIEW ticket_fts_source AS
SELECT
  t.seq AS seq,
  t.number AS number,
  ${foldYo('t.title')} AS title,
  ${foldYo('t.description')} AS description,
  ${foldYo(`coalesce(c.name, '') || ' ' || coalesce(c.tax_id, '') || ' ' || coalesce(ct.name, '')`)} AS client,
  coalesce(v.plate || ' ' || v.plate_key, '') AS plate,
  coalesce((SELECT group_concat(substr(p.e164, 2) || ' ' || substr(p.e164, -7) || ${endingTokens}, ' ')
            FROM phones p WHERE p.client_id = t.client_id AND p.e164 IS NOT NULL), '') AS phones
FROM tickets t
LEFT JOIN clients c ON c.id = t.client_id
LEFT JOIN contacts ct ON ct.id = t.contact_id
LEFT JOIN vehicles v ON v.id = t.vehicle_id;`;

/** The text index of the tickets `where` picks when `event` happens on `table`: live, or marked stale. */
const followIndex = (name: string, event: string, table: string, where: string) => String.raw`
CREATE TRIGGER ${name} ${event} ON ${table}
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN
  DELETE FROM ticket_fts WHERE rowid IN (SELECT seq FROM tickets WHERE ${where});
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT s.seq, s.number, s.title, s.description, s.client, s.plate, s.phones
  FROM tickets t JOIN ticket_fts_source s ON s.seq = t.seq WHERE t.${where};
END;
CREATE TRIGGER ${name.replace('_fts_', '_fts_stale_')} ${event} ON ${table}
WHEN (SELECT deferred FROM fts_state) = 1 BEGIN
  INSERT OR IGNORE INTO fts_stale (seq) SELECT seq FROM tickets WHERE ${where};
END;`;

const clientOf = (id: string) => `(SELECT name_key FROM clients WHERE id = ${id})`;

const sql = String.raw`
ALTER TABLE clients ADD COLUMN name_key TEXT NOT NULL DEFAULT '';  -- derived: sortKey(name)
ALTER TABLE tickets ADD COLUMN title_key TEXT NOT NULL DEFAULT ''; -- derived: sortKey(title)
ALTER TABLE tickets ADD COLUMN client_key TEXT NOT NULL DEFAULT ''; -- derived: the client's name_key

DROP INDEX tickets_by_title;
DROP INDEX tickets_by_client_name;

-- The ticket's client key is set by the same statements that set its client name (one UPDATE per insert).
DROP TRIGGER tickets_derive_after_insert;
CREATE TRIGGER tickets_derive_after_insert AFTER INSERT ON tickets BEGIN
  UPDATE tickets SET
    client_name = coalesce((SELECT name FROM clients WHERE id = NEW.client_id), ''),
    client_key = coalesce(${clientOf('NEW.client_id')}, ''),
    assignee_name = (SELECT name FROM employees WHERE id = NEW.assignee_id),
    status_position = coalesce((SELECT position FROM statuses WHERE code = NEW.status), 0),
    status_kind = coalesce((SELECT kind FROM statuses WHERE code = NEW.status), 'open'),
    paid_total = coalesce((SELECT sum(amount) FROM payments WHERE ticket_id = NEW.id), 0)
  WHERE seq = NEW.seq;
END;
DROP TRIGGER tickets_derive_after_update;
CREATE TRIGGER tickets_derive_after_update AFTER UPDATE OF client_id, assignee_id, status ON tickets BEGIN
  UPDATE tickets SET
    client_name = coalesce((SELECT name FROM clients WHERE id = NEW.client_id), ''),
    client_key = coalesce(${clientOf('NEW.client_id')}, ''),
    assignee_name = (SELECT name FROM employees WHERE id = NEW.assignee_id),
    status_position = coalesce((SELECT position FROM statuses WHERE code = NEW.status), 0),
    status_kind = coalesce((SELECT kind FROM statuses WHERE code = NEW.status), 'open')
  WHERE seq = NEW.seq;
END;
DROP TRIGGER clients_name_to_tickets;
CREATE TRIGGER clients_name_to_tickets AFTER UPDATE OF name, name_key ON clients BEGIN
  UPDATE tickets SET client_name = NEW.name, client_key = NEW.name_key WHERE client_id = NEW.id;
END;
DROP TRIGGER clients_insert_to_tickets;
CREATE TRIGGER clients_insert_to_tickets AFTER INSERT ON clients BEGIN
  UPDATE tickets SET client_name = NEW.name, client_key = NEW.name_key WHERE client_id = NEW.id;
END;
DROP TRIGGER clients_delete_to_tickets;
CREATE TRIGGER clients_delete_to_tickets AFTER DELETE ON clients BEGIN
  UPDATE tickets SET client_name = '', client_key = '' WHERE client_id = OLD.id;
END;

${view}

${followIndex('tickets_fts_after_contact', 'AFTER UPDATE OF contact_id', 'tickets', 'seq = NEW.seq')}
${followIndex('contacts_fts_after_insert', 'AFTER INSERT', 'contacts', 'contact_id = NEW.id')}
${followIndex('contacts_fts_after_update', 'AFTER UPDATE OF name', 'contacts', 'contact_id = NEW.id')}
${followIndex('contacts_fts_after_delete', 'AFTER DELETE', 'contacts', 'contact_id = OLD.id')}
`;

function fillKeys(db: Database): void {
  const setClient = db.prepare('UPDATE clients SET name_key = ? WHERE id = ?');
  // Each client's key reaches its tickets' client_key through clients_name_to_tickets.
  for (const c of db.prepare('SELECT id, name FROM clients').all() as { id: string; name: string }[]) {
    setClient.run(sortKey(c.name), c.id);
  }
  const setTitle = db.prepare('UPDATE tickets SET title_key = ? WHERE seq = ?');
  for (const t of db.prepare('SELECT seq, title FROM tickets').all() as { seq: number; title: string }[]) {
    setTitle.run(sortKey(t.title), t.seq);
  }
}

function reindexAll(db: Database): void {
  if ((db.prepare('SELECT deferred FROM fts_state').get() as { deferred: number }).deferred === 1) {
    // A bulk load was interrupted: its build re-indexes stale rows through the new view at the end.
    db.exec('INSERT OR IGNORE INTO fts_stale (seq) SELECT seq FROM tickets');
    return;
  }
  db.exec(`INSERT INTO ticket_fts (ticket_fts) VALUES ('delete-all');
    INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
    SELECT seq, number, title, description, client, plate, phones FROM ticket_fts_source;`);
}

export const migration0006: Migration = {
  version: 6,
  name: 'search-and-order',
  up(db) {
    db.exec(sql);
    fillKeys(db);
    // Built after the keys are filled: one sort instead of 100k index updates.
    db.exec(`CREATE INDEX tickets_by_title_key ON tickets (title_key, seq);
      CREATE INDEX tickets_by_client_key ON tickets (client_key, seq);`);
    // Every ticket, synchronously: the view changed for all of them, and a search that quietly misses tickets
    // while a background build catches up would be worse than a slower first start after the update.
    reindexAll(db);
  },
};
