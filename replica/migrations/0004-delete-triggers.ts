import type { Migration } from './migration.js';

/**
 * Deletes reach the replica now (a pulled deletion, a local delete, a pre-image put back by a rebase), so the
 * local read model must follow a row that goes and a row that comes back: the ticket columns derived from
 * clients and employees, and the text index's client, plate and phone columns. Before, only tickets and
 * payments had delete triggers (a shadow's "absent" row was the only delete). While the text index is
 * deferred (a bulk load), the tickets concerned are listed as stale instead.
 */
const reindex = (where: string) => String.raw`
  DELETE FROM ticket_fts WHERE rowid IN (SELECT seq FROM tickets WHERE ${where});
  INSERT INTO ticket_fts (rowid, number, title, description, client, plate, phones)
  SELECT s.seq, s.number, s.title, s.description, s.client, s.plate, s.phones
  FROM tickets t JOIN ticket_fts_source s ON s.seq = t.seq WHERE t.${where};`;
const stale = (where: string) => `INSERT OR IGNORE INTO fts_stale (seq) SELECT seq FROM tickets WHERE ${where};`;

/** The text index of the tickets `where` picks, when `event` happens on `table`: live, or marked stale. */
const followIndex = (name: string, event: string, table: string, where: string) => String.raw`
CREATE TRIGGER ${name} ${event} ON ${table}
WHEN (SELECT deferred FROM fts_state) = 0 BEGIN ${reindex(where)}
END;
CREATE TRIGGER ${name.replace('_fts_', '_fts_stale_')} ${event} ON ${table}
WHEN (SELECT deferred FROM fts_state) = 1 BEGIN
  ${stale(where)}
END;`;

const sql = String.raw`
CREATE TRIGGER clients_delete_to_tickets AFTER DELETE ON clients BEGIN
  UPDATE tickets SET client_name = '' WHERE client_id = OLD.id;
END;
CREATE TRIGGER employees_delete_to_tickets AFTER DELETE ON employees BEGIN
  UPDATE tickets SET assignee_name = NULL WHERE assignee_id = OLD.id;
END;
CREATE TRIGGER employees_insert_to_tickets AFTER INSERT ON employees BEGIN
  UPDATE tickets SET assignee_name = NEW.name WHERE assignee_id = NEW.id;
END;
${followIndex('clients_fts_after_delete', 'AFTER DELETE', 'clients', 'client_id = OLD.id')}
${followIndex('clients_fts_after_insert', 'AFTER INSERT', 'clients', 'client_id = NEW.id')}
${followIndex('vehicles_fts_after_delete', 'AFTER DELETE', 'vehicles', 'vehicle_id = OLD.id')}
${followIndex('vehicles_fts_after_insert', 'AFTER INSERT', 'vehicles', 'vehicle_id = NEW.id')}
${followIndex('phones_fts_after_delete', 'AFTER DELETE', 'phones', 'client_id = OLD.client_id')}
`;

export const migration0004: Migration = {
  version: 4,
  name: 'delete-triggers',
  up(db) {
    db.exec(sql);
  },
};
