import type { SyncStatus } from '../../core/contract.js';
import { PultError } from '../../core/result.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';

export const APP_VERSION = '0.1.0';

const standaloneStatus = (): SyncStatus => ({
  state: 'standalone',
  serverUrl: null,
  userName: null,
  login: null,
  pending: 0,
  lastSyncAt: null,
  progress: null,
  message: null,
});

/** Who works at this desk, its session with the server, and the state of its data file. */
export function sessionHandlers(desk: DeskContext) {
  const { sync } = desk;
  return {
    'app:info': () => {
      const id = desk.userId();
      const sessionUser = sync?.user();
      const user =
        (id ? desk.details.employee(id) : null) ??
        (sessionUser
          ? {
              id: sessionUser.employeeId ?? sessionUser.id,
              name: sessionUser.name,
              roles: sessionUser.roles,
              color: '#607d8b',
              active: true,
            }
          : null);
      if (!user) {
        throw new PultError(
          sync ? 'unauthorized' : 'not-found',
          sync ? 'Sign in first' : 'No employee is set up for this desk',
        );
      }
      return {
        version: APP_VERSION,
        user,
        phoneRegion: desk.regions().defaultRegion,
        dataFile: desk.dataFile,
      };
    },
    'session:status': () => sync?.status() ?? standaloneStatus(),
    'store:status': () => ({ damaged: desk.damaged() }),
    'session:sign-in': ({ login, password }) => {
      if (!sync) throw new PultError('invalid-input', 'This desk works without a server');
      return sync.signIn(login, password);
    },
    'session:sign-out': () => sync?.signOut() ?? standaloneStatus(),
  } satisfies DeskHandlers<'app:info' | 'session:status' | 'store:status' | 'session:sign-in' | 'session:sign-out'>;
}
