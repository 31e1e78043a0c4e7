import type { Database } from 'better-sqlite3';

/** The desk's sync settings (cursor, desk id, session user…): rows of the replica's `settings` table. */
export type Settings = Readonly<{ get(key: string): string | null; set(key: string, value: string | null): void }>;

export function settingsOf(db: Database): Settings {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const del = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    get: (key) => (get.get(key) as { value: string } | undefined)?.value ?? null,
    set: (key, value) => (value === null ? del.run(key) : put.run(key, value)),
  };
}
