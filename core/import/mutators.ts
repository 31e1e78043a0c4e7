import { z } from 'zod';
import { DIRECTORY_SUPERVISORS } from '../clients/roles.js';
import { defineMutator, ref, rule } from '../mutation.js';
import { PultError } from '../result.js';
import { Id, MAX_TEXT, Millis, text } from '../schema/text.js';
import { nextTicketNumber } from '../tickets/mutators.js';
import { statusKind } from '../tickets/status-model.js';
import { Priority, Source, StatusCode, TicketTitle, TicketType } from '../tickets/tables.js';
import { ENTITY_TABLE, ImportEntity, ImportLinkRow } from './tables.js';

/**
 * The import's own mutations. Everything in the directory is created and changed through the directory's
 * mutators (client:create, vehicle:update, …); these two add only what those cannot say:
 * - `import:link` remembers which local row a source row became, so a second run updates instead of
 *   creating again;
 * - `ticket:import` writes a ticket as it already is elsewhere: its creation time, its current status and the
 *   status history that led there. `ticket:create` cannot: it starts every ticket as new, now, and asks for
 *   the debt acknowledgement a new request needs — neither is true of a ticket closed in Okdesk a year ago.
 * Importing is a supervisor's job (it creates rows in bulk), so only admin and dispatcher run them.
 */

const MAX_IMPORTED_LOG = 60;

export const IMPORT_MUTATORS = {
  'import:link': defineMutator({
    args: z
      .object({
        id: Id,
        source: ImportLinkRow.shape.source,
        entity: ImportEntity,
        externalId: ImportLinkRow.shape.externalId,
        localId: Id,
      })
      .strict(),
    roles: DIRECTORY_SUPERVISORS,
    writes: (args) => ({
      creates: [ref('import_links', args.id)],
      updates: [],
      // The link already made for this source row (by an earlier run, perhaps on another desk) is moved, never
      // duplicated: its id is not known to the arguments.
      updatesWhere: [rule('import_links', { source: args.source, entity: args.entity, externalId: args.externalId })],
    }),
    async run(tx, args) {
      const target = await tx.get(ENTITY_TABLE[args.entity], args.localId);
      if (!target) throw new PultError('not-found', `No ${args.entity} ${args.localId} to link to`);
      const [existing] = await tx.find('import_links', {
        source: args.source,
        entity: args.entity,
        externalId: args.externalId,
      });
      if (existing) {
        if (existing.localId !== args.localId) await tx.update('import_links', { ...existing, localId: args.localId });
        return;
      }
      await tx.insert('import_links', {
        id: args.id,
        source: args.source,
        entity: args.entity,
        externalId: args.externalId,
        localId: args.localId,
      });
    },
  }),

  /**
   * A ticket as the source has it. New: created with the source's creation time and current status, and the
   * status log `log` (the history as far as the source tells it). Already imported (a link points to it): its
   * title, description, priority, planned time and status follow the source, a status change logged by the
   * rows in `log`. Only an imported ticket can be changed this way: a ticket made in Pult keeps its rules.
   * The status model's transitions are not checked: the history happened elsewhere, under that system's rules.
   */
  'ticket:import': defineMutator({
    args: z
      .object({
        id: Id,
        clientId: Id,
        contactId: Id.nullable().default(null),
        vehicleId: Id.nullable().default(null),
        title: TicketTitle,
        description: text(MAX_TEXT).default(''),
        type: TicketType,
        priority: Priority,
        source: Source.default('manual'),
        status: StatusCode,
        createdAt: Millis,
        resolvedAt: Millis.nullable().default(null),
        plannedAt: Millis.nullable().default(null),
        log: z
          .array(z.object({ id: Id, fromStatus: StatusCode.nullable(), toStatus: StatusCode, at: Millis }).strict())
          .max(MAX_IMPORTED_LOG)
          .default([]),
      })
      .strict(),
    roles: DIRECTORY_SUPERVISORS,
    writes: (args) => ({
      creates: [ref('tickets', args.id), ...args.log.map((l) => ref('ticket_status_log', l.id))],
      updates: [ref('tickets', args.id)],
    }),
    async run(tx, args) {
      const model = await tx.statusModel();
      for (const code of [args.status, ...args.log.flatMap((l) => [l.fromStatus, l.toStatus])]) {
        if (code !== null && statusKind(model, code) === undefined) {
          throw new PultError('invalid-input', `Unknown status "${code}"`);
        }
      }
      const kind = statusKind(model, args.status);
      const resolvedAt = kind === 'open' ? null : (args.resolvedAt ?? args.createdAt);
      const existing = await tx.get('tickets', args.id);
      if (existing) {
        const [link] = await tx.find('import_links', { entity: 'ticket', localId: existing.id }, { limit: 1 });
        if (!link) throw new PultError('forbidden', `Ticket ${existing.number} was not imported`);
        await tx.update('tickets', {
          ...existing,
          title: args.title,
          description: args.description,
          priority: args.priority,
          status: args.status,
          plannedAt: args.plannedAt,
          resolvedAt,
          updatedAt: tx.now,
        });
      } else {
        const client = await tx.get('clients', args.clientId);
        if (!client) throw new PultError('not-found', 'The client does not exist');
        if (args.contactId && (await tx.get('contacts', args.contactId))?.clientId !== client.id) {
          throw new PultError('invalid-input', 'The contact does not belong to this client');
        }
        if (args.vehicleId && (await tx.get('vehicles', args.vehicleId))?.clientId !== client.id) {
          throw new PultError('invalid-input', 'The vehicle does not belong to this client');
        }
        await tx.insert('tickets', {
          id: args.id,
          number: await nextTicketNumber(tx),
          title: args.title,
          description: args.description,
          type: args.type,
          status: args.status,
          priority: args.priority,
          clientId: client.id,
          contactId: args.contactId,
          vehicleId: args.vehicleId,
          assigneeId: null,
          parentId: null,
          source: args.source,
          // Okdesk's list says nothing of billing: imported tickets bill nothing until someone says otherwise,
          // so an import never makes a client a debtor.
          billing: 'warranty',
          amount: 0,
          plannedAt: args.plannedAt,
          createdAt: args.createdAt,
          updatedAt: tx.now,
          resolvedAt,
          createdBy: tx.userId,
        });
      }
      for (const entry of args.log) {
        await tx.insert('ticket_status_log', {
          id: entry.id,
          ticketId: args.id,
          fromStatus: entry.fromStatus,
          toStatus: entry.toStatus,
          at: entry.at,
          by: null,
        });
      }
    },
  }),
} as const;
