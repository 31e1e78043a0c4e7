import { z } from 'zod';
import {
  MailboxCheckSchema,
  PatternResultSchema,
  PbxTokenResponseSchema,
  PbxViewSchema,
} from '../../core/calls/pbx-settings.js';
import { PultError } from '../../core/result.js';
import type { DeskContext, DeskHandlers } from '../desk-context.js';

/**
 * The company's PBXs live on its server (webhook tokens, the missed-call mailbox); an admin sets them up from
 * any desk, which forwards each call to the server's admin routes with the admin's own session. The server
 * decides who may (admins only) and checks every field again; the desk has already refused malformed input
 * against the same schemas, so a typo in a pattern is named before anything leaves the desk.
 */
export function pbxAdminHandlers(desk: DeskContext) {
  const server = () => {
    if (!desk.sync) {
      throw new PultError(
        'invalid-input',
        'This desk works without a server: PBXs that report calls are set up on the company server',
      );
    }
    return desk.sync;
  };
  const path = (id: string, tail = '') => `/api/admin/pbx/${encodeURIComponent(id)}${tail}`;
  return {
    'pbx:list': () => server().admin('GET', '/api/admin/pbx', undefined, z.array(PbxViewSchema)),
    'pbx:create': (input) => server().admin('POST', '/api/admin/pbx', input, PbxTokenResponseSchema),
    'pbx:rotate-token': ({ id }) => server().admin('POST', path(id, '/token'), {}, PbxTokenResponseSchema),
    'pbx:set-mailbox': ({ id, ...settings }) =>
      server().admin(
        'PUT',
        path(id, '/mailbox'),
        settings,
        z.object({ pbx: PbxViewSchema, sample: PatternResultSchema.nullable() }),
      ),
    'pbx:test-pattern': ({ id, ...sample }) =>
      server().admin('POST', path(id, '/mailbox/test'), sample, PatternResultSchema),
    'pbx:check-mailbox': ({ id }) => server().admin('POST', path(id, '/mailbox/check'), {}, MailboxCheckSchema),
  } satisfies DeskHandlers<
    'pbx:list' | 'pbx:create' | 'pbx:rotate-token' | 'pbx:set-mailbox' | 'pbx:test-pattern' | 'pbx:check-mailbox'
  >;
}
