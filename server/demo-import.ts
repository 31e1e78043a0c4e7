import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Employee, TableName } from '../core/entities.js';
import { TABLE_NAMES } from '../core/sync-protocol.js';
import { translit } from '../tools/demo/dictionary.js';
import { generateDemo } from '../tools/demo/generate.js';
import { openDatabase } from '../replica/open-store.js';
import { fromDb } from '../replica/rows.js';
import { hashPassword } from './auth/passwords.js';
import { createUser, findUserByLogin } from './auth/users.js';
import type { ServerDatabase } from './db/connect.js';
import { importRows, type ImportedRow } from './db/import-rows.js';
import { toInt } from './db/rows.js';

/**
 * `--demo`: fills an EMPTY server with the demo company. The generator writes a desk-schema SQLite file (it
 * is the desk's tool); its synced tables are copied into the server under one version, and every employee
 * gets a user with the demo password, so each role can be tried from a desk.
 */
export const DEMO_PASSWORD = 'pult';

export type DemoUser = Readonly<{ login: string; name: string; roles: readonly string[]; active: boolean }>;
export type DemoResult = Readonly<{ rows: number; version: number; users: readonly DemoUser[] }>;

export async function isEmpty(database: ServerDatabase): Promise<boolean> {
  const { version } = await database.db
    .selectFrom('server_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return toInt(version) === 0;
}

function* deskRows(desk: Database): Generator<ImportedRow> {
  for (const table of TABLE_NAMES) {
    for (const record of desk.prepare(`SELECT * FROM ${table}`).iterate()) {
      yield { table: table as TableName, row: fromDb(table, record as Record<string, unknown>) };
    }
  }
}

/** "Ковалёва Анна" → "anna"; a second Anna becomes "anna2". */
async function demoLogin(database: ServerDatabase, employee: Employee, taken: Set<string>): Promise<string> {
  const given = employee.name.split(/\s+/)[1] ?? employee.name;
  const base = translit(given) || 'user';
  for (let n = 1; ; n++) {
    const login = n === 1 ? base : `${base}${n}`;
    if (!taken.has(login) && !(await findUserByLogin(database.db, login))) {
      taken.add(login);
      return login;
    }
  }
}

/** Returns null (and changes nothing) when the server already holds data. */
export async function importDemo(
  database: ServerDatabase,
  options: Readonly<{ tickets: number; seed?: number; onProgress?: (done: number, total: number) => void }>,
): Promise<DemoResult | null> {
  if (!(await isEmpty(database))) return null;
  const dir = mkdtempSync(join(tmpdir(), 'pult-demo-'));
  try {
    const desk = openDatabase(join(dir, 'demo.sqlite'));
    try {
      await generateDemo(desk, { tickets: options.tickets, seed: options.seed ?? 1, onProgress: options.onProgress });
      let rows = 0;
      const counted = (function* () {
        for (const r of deskRows(desk)) {
          rows += 1;
          yield r;
        }
      })();
      const version = await importRows(database, counted);
      const employees = desk
        .prepare('SELECT * FROM employees ORDER BY name')
        .all()
        .map((r) => fromDb('employees', r as Record<string, unknown>));
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const taken = new Set<string>();
      const users: DemoUser[] = [];
      for (const employee of employees) {
        const login = await demoLogin(database, employee, taken);
        await createUser(database.db, {
          login,
          name: employee.name,
          password: DEMO_PASSWORD,
          passwordHash,
          roles: employee.roles,
          employeeId: employee.id,
          active: employee.active,
        });
        users.push({ login, name: employee.name, roles: employee.roles, active: employee.active });
      }
      return { rows, version, users };
    } finally {
      desk.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
