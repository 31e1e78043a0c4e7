import { randomUUID } from 'node:crypto';
import type { Client, Employee, Role, Ticket } from '../../core/entities.js';
import { createUser, type User } from '../auth/users.js';
import { hashPassword } from '../auth/passwords.js';
import type { ServerDatabase } from '../db/connect.js';
import { importRows, type ImportedRow } from '../db/import-rows.js';

/**
 * A small, hand-made world on the server: employees who are also users, two clients, a few tickets. Every
 * figure is chosen so a test can state its expectation.
 */
export const PASSWORD = 'correct horse battery';
export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

let hash: Promise<string> | null = null;
/** scrypt is slow on purpose; the world's users share one hash so a test file does not spend seconds on it. */
const passwordHash = () => (hash ??= hashPassword(PASSWORD));

export type Person = Readonly<{ employee: Employee; user: User }>;

export type World = Readonly<{
  anna: Person; // dispatcher
  ivan: Person; // engineer
  pavel: Person; // planner
  olga: Person; // accountant
  admin: User;
  client: Client;
  /** A paid ticket, status "new", assigned to nobody. */
  ticket: Ticket;
  /** A callback taken by Anna. */
  taken: Ticket;
}>;

export function ticketRow(client: Client, number: number, over: Partial<Ticket> = {}): Ticket {
  return {
    id: randomUUID(),
    number,
    title: `Заявка ${number}`,
    description: '',
    type: 'incident',
    status: 'new',
    priority: 'normal',
    clientId: client.id,
    contactId: null,
    vehicleId: null,
    assigneeId: null,
    parentId: null,
    source: 'phone',
    billing: 'paid',
    amount: 150_00,
    plannedAt: null,
    createdAt: T0,
    updatedAt: T0,
    resolvedAt: null,
    createdBy: null,
    ...over,
  };
}

export async function seedWorld(database: ServerDatabase): Promise<World> {
  const rows: ImportedRow[] = [];
  const employee = (name: string, roles: Role[]): Employee => {
    const e: Employee = { id: randomUUID(), name, roles, sipExtension: null, color: '#336699', active: true };
    rows.push({ table: 'employees', row: e });
    return e;
  };
  const employees = {
    anna: employee('Анна Ковалёва', ['dispatcher']),
    ivan: employee('Иван Петров', ['engineer']),
    pavel: employee('Павел Сидоров', ['planner']),
    olga: employee('Ольга Белова', ['accountant']),
  };
  const client: Client = {
    id: randomUUID(),
    name: 'ООО «Газель-Транс»',
    taxId: '190000001',
    category: null,
    address: null,
    notes: null,
    currency: 'BYN',
    createdAt: T0,
    active: true,
    mergedInto: null,
  };
  rows.push({ table: 'clients', row: client });
  const ticket = ticketRow(client, 1);
  const taken = ticketRow(client, 2, {
    type: 'callback',
    assigneeId: employees.anna.id,
    billing: 'warranty',
    amount: 0,
  });
  rows.push({ table: 'tickets', row: ticket }, { table: 'tickets', row: taken });
  await importRows(database, rows);

  const person = async (login: string, e: Employee): Promise<Person> => ({
    employee: e,
    user: await createUser(database.db, {
      login,
      name: e.name,
      password: PASSWORD,
      passwordHash: await passwordHash(),
      roles: e.roles,
      employeeId: e.id,
    }),
  });
  return {
    anna: await person('anna', employees.anna),
    ivan: await person('ivan', employees.ivan),
    pavel: await person('pavel', employees.pavel),
    olga: await person('olga', employees.olga),
    admin: await createUser(database.db, {
      login: 'admin',
      name: 'Administrator',
      password: PASSWORD,
      passwordHash: await passwordHash(),
      roles: ['admin'],
    }),
    client,
    ticket,
    taken,
  };
}
