import { z } from 'zod';
import { action, query, empty } from '../contract-method.js';
import { EmployeeDto } from '../staff/contract.js';
import { Millis, str } from '../schema/text.js';

export const AppInfo = z.object({
  version: str(),
  user: EmployeeDto,
  phoneRegion: str(),
  dataFile: str(),
});

export const SYNC_STATES = ['standalone', 'signed-out', 'connecting', 'online', 'offline', 'error'] as const;

/** What the status bar shows: is this desk connected, how much is waiting to go out, when it last synced. */
export const SyncStatus = z.object({
  state: z.enum(SYNC_STATES),
  serverUrl: str().nullable(),
  userName: str().nullable(),
  login: str().nullable(),
  pending: z.number().int().nonnegative(),
  lastSyncAt: Millis.nullable(),
  /** A long pull (first sync) in progress: rows applied of all rows to apply. */
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  /** Why the desk is in `error` or `offline`, in words for the user. */
  message: str().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SESSION_CONTRACT = {
  'app:info': query(empty, AppInfo, ['employees', 'tickets']),
  'session:status': query(empty, SyncStatus, 'session'),
  /** Whether the data file was found damaged (then nothing more is written to it), for a window opened later. */
  'store:status': query(empty, z.object({ damaged: str().nullable() }), 'session'),
  'session:sign-in': action(
    z.object({ login: str().trim().min(1).max(100), password: str().min(1).max(200) }).strict(),
    SyncStatus,
  ),
  'session:sign-out': action(empty, SyncStatus),
} as const;
