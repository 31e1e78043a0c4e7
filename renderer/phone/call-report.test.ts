import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { reduceCallEvents } from '../../core/calls/index';
import { CallRecordArgs } from '../../core/calls/mutators';
import type { RowAccess } from '../../core/mutation';
import { seedCallbackWorld, T0 } from '../../core/test-support/callback-rule-suite';
import { SEED_STATUS_MODEL } from '../../core/tickets/status-model';
import { createCallQueries } from '../../main/calls/handlers';
import { createLocalRunner } from '../../main/mutations/local-runner';
import { openDatabase } from '../../replica/open-store';
import { createRowStore } from '../../replica/rows';
import { callReport, type CallReportIds } from './call-report';
import type { SoftphoneCall } from './sip/softphone-types';

const dir = mkdtempSync(join(tmpdir(), 'pult-call-report-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (): CallReportIds => ({ id: uuidv7(), ticketId: uuidv7(), logId: uuidv7(), resolveLogId: uuidv7() });
const caller = {
  kind: 'number',
  number: '8 029 123-45-67',
  e164: '+375291234567',
  displayName: 'Иван',
  source: 'from',
} as const;
const call = (id: string, over: Partial<SoftphoneCall> = {}): SoftphoneCall => ({
  id,
  direction: 'incoming',
  peer: caller,
  record: reduceCallEvents(T0, [{ type: 'cancelled', at: T0 + 20_000, reason: [] }]),
  muted: false,
  held: false,
  ...over,
});

function desk() {
  const db = openDatabase(join(dir, `${uuidv7()}.sqlite`));
  opened.push(db);
  const rows = createRowStore(db);
  const world = seedCallbackWorld({ access: null as unknown as RowAccess, put: (t, r) => void rows.put(t, r) });
  const runner = createLocalRunner(db, {
    now: () => T0 + 60_000,
    userId: () => world.anna.id,
    statusModel: () => SEED_STATUS_MODEL,
    queue: false,
  });
  return { runner, world, queries: createCallQueries(db) };
}

describe('a settled softphone call as a call:record report', () => {
  it('reports a cancelled incoming call as a desk-sourced miss with its SIP Call-ID, the number as received and its times', () => {
    const given = ids();
    const report = callReport(call('a84b4c76e66710@pbx'), given, T0 + 99_000);
    expect(report).toEqual({
      id: given.id,
      sipCallId: 'a84b4c76e66710@pbx',
      direction: 'in',
      number: '8 029 123-45-67',
      startedAt: T0,
      answeredAt: null,
      endedAt: T0 + 20_000,
      outcome: 'missed',
      cancelReason: [],
      source: 'desk',
      callback: { ticketId: given.ticketId, logId: given.logId },
      resolveLogId: given.resolveLogId,
    });
    expect(CallRecordArgs.safeParse(report).success).toBe(true);
  });

  it('maps every phone outcome and direction to the mutator’s, and a withheld or SIP-name caller to what the rule reads', () => {
    const answered = reduceCallEvents(T0, [
      { type: 'answered', at: T0 + 3_000 },
      { type: 'ended', at: T0 + 63_000 },
    ]);
    const elsewhere = reduceCallEvents(T0, [{ type: 'cancelled', at: T0 + 5_000, reason: ['SIP;cause=200;text="x"'] }]);
    const timeout = reduceCallEvents(T0, [{ type: 'ring-timeout', at: T0 + 30_000 }]);
    const rejected = reduceCallEvents(T0, [{ type: 'rejected', at: T0 + 1_000 }]);
    const at = T0 + 99_000;
    expect(callReport(call('1', { record: answered }), ids(), at)).toMatchObject({
      outcome: 'answered',
      answeredAt: T0 + 3_000,
      endedAt: T0 + 63_000,
    });
    expect(callReport(call('2', { record: elsewhere }), ids(), at).outcome).toBe('answered-elsewhere');
    expect(callReport(call('3', { record: timeout }), ids(), at).outcome).toBe('ring-timeout');
    expect(callReport(call('4', { record: rejected }), ids(), at).outcome).toBe('rejected');
    expect(callReport(call('5', { direction: 'outgoing', record: answered }), ids(), at).direction).toBe('out');
    const withheld = callReport(call('6', { peer: { kind: 'withheld', displayName: null } }), ids(), at);
    expect(withheld.number).toBe('anonymous');
    const sipName = callReport(call('7', { peer: { kind: 'unknown', user: 'alice', displayName: null } }), ids(), at);
    expect(sipName.number).toBe('alice');
  });

  it('gives a call whose record never ended the report time as its end, never an end before its start', () => {
    const ringing = reduceCallEvents(T0, []);
    const report = callReport(call('x', { record: ringing }), ids(), T0 + 7_000);
    expect(report).toMatchObject({ outcome: 'missed', endedAt: T0 + 7_000, answeredAt: null });
    expect(callReport(call('y', { record: ringing }), ids(), T0 - 5).endedAt).toBe(T0);
  });

  it('through the real rule: the same call reported twice with its ids is one call and one callback; a second call adds to it', async () => {
    const { runner, world, queries } = desk();
    const first = call('one@pbx');
    const firstIds = ids();
    await runner.run('call:record', callReport(first, firstIds, T0 + 30_000));
    // The phone settling it again, or the outbox replaying the same report.
    await runner.run('call:record', callReport(first, firstIds, T0 + 30_000));
    expect(queries.callLog({ limit: 10 })).toHaveLength(1);
    let open = queries.openCallbacks(10);
    expect(open.map((c) => [c.numberKey, c.clientName, c.missedCount])).toEqual([
      ['+375291234567', world.client.name, 1],
    ]);
    expect(open[0]!.id).toBe(firstIds.ticketId);

    const second = call('two@pbx', { record: reduceCallEvents(T0 + 40_000, [{ type: 'ended', at: T0 + 45_000 }]) });
    await runner.run('call:record', callReport(second, ids(), T0 + 50_000));
    open = queries.openCallbacks(10);
    expect(open.map((c) => c.missedCount)).toEqual([2]);
  });
});
