import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Role, ROLES } from '../../core/entities.js';
import { PultError } from '../../core/result.js';
import type { SessionUser } from '../../core/sync-protocol.js';
import type { Db } from '../db/schema.js';
import { toInt } from '../db/rows.js';
import { decoyHash, hashPassword, randomPassword, verifyPassword } from './passwords.js';

/** Users, passwords and sessions: who may talk to the server, and as which employee. */
export type User = Readonly<{
  id: string;
  login: string;
  name: string;
  roles: readonly Role[];
  employeeId: string | null;
  active: boolean;
  createdAt: number;
}>;

/** A session lives 30 days and is renewed when used in its second half, so a desk in daily use stays signed in. */
export const SESSION_TTL_MS = 30 * 24 * 3_600_000;

/** Logins compare without case or surrounding spaces: "Anna" and "anna " are one person. */
export const normalizeLogin = (login: string) => login.normalize('NFC').trim().toLowerCase();

const Roles = z.array(Role);

type UserRecord = {
  id: string;
  login: string;
  name: string;
  roles: string;
  employee_id: string | null;
  active: unknown;
  created_at: unknown;
};

function toUser(r: UserRecord): User {
  return {
    id: r.id,
    login: r.login,
    name: r.name,
    // A role an older server does not know is dropped rather than failing the whole sign-in.
    roles: Roles.parse((JSON.parse(r.roles) as unknown[]).filter((x) => (ROLES as readonly unknown[]).includes(x))),
    employeeId: r.employee_id,
    active: toInt(r.active) === 1,
    createdAt: toInt(r.created_at),
  };
}

export function sessionUser(user: User): SessionUser {
  return { id: user.id, login: user.login, name: user.name, roles: [...user.roles], employeeId: user.employeeId };
}

const USER_COLUMNS = ['id', 'login', 'name', 'roles', 'employee_id', 'active', 'created_at'] as const;

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.selectFrom('users').select(USER_COLUMNS).orderBy('login').execute()).map(toUser);
}

export async function findUserByLogin(db: Db, login: string): Promise<User | undefined> {
  const r = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('login', '=', normalizeLogin(login))
    .executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return toInt(r.n);
}

export type NewUser = Readonly<{
  login: string;
  name: string;
  password: string;
  roles: readonly Role[];
  employeeId?: string | null;
  active?: boolean;
  /** A hash made earlier (the demo hashes one password once for all its users). */
  passwordHash?: string;
}>;

export async function createUser(db: Db, input: NewUser, now = Date.now()): Promise<User> {
  const login = normalizeLogin(input.login);
  if (await findUserByLogin(db, login)) throw new PultError('conflict', `The login "${login}" is taken`);
  const employeeId = input.employeeId ?? null;
  if (employeeId && !(await db.selectFrom('employees').select('id').where('id', '=', employeeId).executeTakeFirst())) {
    throw new PultError('not-found', `Employee ${employeeId} does not exist`);
  }
  const record = {
    id: randomUUID(),
    login,
    name: input.name.trim(),
    password_hash: input.passwordHash ?? (await hashPassword(input.password)),
    roles: JSON.stringify([...new Set(input.roles)]),
    employee_id: employeeId,
    active: input.active === false ? 0 : 1,
    created_at: now,
  };
  await db.insertInto('users').values(record).execute();
  return toUser(record);
}

/** Sets a password and ends the user's sessions, except the one making the change (if it is theirs). */
export async function setPassword(db: Db, userId: string, password: string, keepTokenHash?: string): Promise<void> {
  const hash = await hashPassword(password);
  const updated = await db
    .updateTable('users')
    .set({ password_hash: hash })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new PultError('not-found', `User ${userId} does not exist`);
  let revoke = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) revoke = revoke.where('token_hash', '!=', keepTokenHash);
  await revoke.execute();
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type Session = Readonly<{ user: User; tokenHash: string }>;

/** Checks a login and password; on success starts a session. The same answer for "no such user" and "wrong". */
export async function login(
  db: Db,
  loginName: string,
  password: string,
  now = Date.now(),
): Promise<{ token: string; user: User } | null> {
  const record = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('login', '=', normalizeLogin(loginName))
    .executeTakeFirst();
  const ok = await verifyPassword(password, record?.password_hash ?? (await decoyHash()));
  if (!record || !ok) return null;
  const user = toUser(record);
  if (!user.active) return null;
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash(token), user_id: user.id, created_at: now, expires_at: now + SESSION_TTL_MS })
    .execute();
  return { token, user };
}

export async function authenticate(db: Db, token: string, now = Date.now()): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const hash = tokenHash(token);
  const r = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.login', 'u.name', 'u.roles', 'u.employee_id', 'u.active', 'u.created_at', 's.expires_at'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!r || toInt(r.expires_at) <= now) return null;
  const user = toUser(r);
  if (!user.active) return null;
  if (toInt(r.expires_at) - now < SESSION_TTL_MS / 2) {
    await db
      .updateTable('sessions')
      .set({ expires_at: now + SESSION_TTL_MS })
      .where('token_hash', '=', hash)
      .execute();
  }
  return { user, tokenHash: hash };
}

export async function endSession(db: Db, hash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
}

export const FIRST_ADMIN_LOGIN = 'admin';

/**
 * A server with no users gets one admin, so somebody can sign in to create the rest. The password comes
 * from PULT_ADMIN_PASSWORD or is made up here; the caller prints it once (it is never stored in clear).
 */
export async function ensureFirstAdmin(
  db: Db,
  passwordFromEnv: string | undefined,
): Promise<{ login: string; password: string; generated: boolean } | null> {
  if ((await countUsers(db)) > 0) return null;
  const generated = !passwordFromEnv;
  const password = passwordFromEnv || randomPassword();
  await createUser(db, { login: FIRST_ADMIN_LOGIN, name: 'Administrator', password, roles: ['admin'] });
  return { login: FIRST_ADMIN_LOGIN, password, generated };
}
