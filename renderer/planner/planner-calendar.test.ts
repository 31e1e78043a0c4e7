import { describe, expect, it } from 'vitest';
import type { Board, BoardVisit } from '../../core/planning/contract';
import type { EventContentArg } from '@fullcalendar/core';
import { boardEvents, eventContent, keptMoves, markVisit, planEvents, visitSignature } from './planner-calendar';
import { movedVisit } from './planner-local';

const H = 3_600_000;
const MON = Date.UTC(2026, 10, 1, 21, 0);

const visit = (n: number, engineerId: string): BoardVisit => ({
  id: `v${n}`,
  ticketId: `t${n}`,
  ticketNumber: n,
  ticketTitle: `Выезд ${n}`,
  clientName: 'ООО «Газель-Транс»',
  engineerId,
  startAt: MON + (8 + n) * H,
  endAt: MON + (9 + n) * H,
  state: 'planned',
  revision: 0,
  place: null,
  workTypeId: null,
  workTypeName: null,
  color: '#607d8b',
  confirmed: true,
  checklist: [],
  answers: {},
  checklistMissing: 0,
  warnings: [],
});

const board = (visits: BoardVisit[]): Board => ({
  timeZone: 'Europe/Minsk',
  averageSpeedKmh: 50,
  groups: [{ key: 'Монтаж', engineers: 2 }],
  engineerTotal: 2,
  offset: 0,
  engineers: ['a', 'b'].map((id) => ({
    id,
    name: id,
    color: '#336699',
    team: 'Монтаж',
    region: '',
    group: 'Монтаж',
    timeZone: 'Europe/Minsk',
    shifts: [[MON + 9 * H, MON + 18 * H]],
  })),
  visits,
  timeOff: [],
  holidays: [],
});

describe('keeping the calendar in step with the board', () => {
  it('a first answer draws everything at once; the same answer again changes nothing', () => {
    const first = boardEvents(board([visit(1, 'a'), visit(2, 'b')]));
    const plan = planEvents(new Map(), first);
    expect(plan.replaceAll).toBe(true);
    expect(plan.add).toHaveLength(first.length);
    const again = planEvents(plan.drawn, boardEvents(board([visit(1, 'a'), visit(2, 'b')])));
    expect(again).toMatchObject({ remove: [], add: [], replaceAll: false });
  });

  it('after a move only the moved visit is redrawn, and not at all when the pane drew the same outcome already', () => {
    const visits = Array.from({ length: 20 }, (_, i) => visit(i + 1, i % 2 ? 'a' : 'b'));
    const drawn = planEvents(new Map(), boardEvents(board(visits))).drawn;
    const moved = movedVisit(visits[3]!, 'a', visits[3]!.startAt + H, visits[3]!.endAt + H);
    const answer = boardEvents(board(visits.map((v) => (v.id === moved.id ? moved : v))));
    const plan = planEvents(drawn, answer);
    expect(plan.remove).toEqual([moved.id]);
    expect(plan.add.map((e) => e.id)).toEqual([moved.id]);
    expect(plan.replaceAll).toBe(false);
    // The pane notes the drop's outcome when it draws it: the desk's answer then needs no redraw.
    const noted = new Map(drawn).set(moved.id, visitSignature(moved));
    expect(planEvents(noted, answer)).toMatchObject({ remove: [], add: [] });
  });

  it('a moved visit kept beside its event stays until an answer redraws that event or no longer has it', () => {
    const visits = Array.from({ length: 20 }, (_, i) => visit(i + 1, i % 2 ? 'a' : 'b'));
    const drawn = planEvents(new Map(), boardEvents(board(visits))).drawn;
    const [x, y, z] = [visits[3]!, visits[4]!, visits[5]!];
    const moved = new Map([x, y, z].map((v) => [v.id, movedVisit(v, 'a', v.startAt + H, v.endAt + H)]));
    const noted = new Map(drawn);
    for (const m of moved.values()) noted.set(m.id, visitSignature(m));
    // The answer: x as it was dropped (nothing to redraw), y judged otherwise (redrawn), z gone.
    const judged = { ...moved.get(y.id)!, warnings: [{ kind: 'outside-hours' as const }] };
    const answer = visits
      .filter((v) => v.id !== z.id)
      .map((v) => (v.id === x.id ? moved.get(x.id)! : v.id === y.id ? judged : v));
    const plan = planEvents(noted, boardEvents(board(answer)));
    expect([...keptMoves(moved, plan).keys()]).toEqual([x.id]);
    // An answer that redraws everything leaves nothing beside the events.
    expect(keptMoves(moved, planEvents(new Map(), boardEvents(board(answer)))).size).toBe(0);
  });

  it('a move to another time drops the confirmation and takes the next revision; a drop where it was changes nothing', () => {
    const v = visit(1, 'a');
    expect(movedVisit(v, 'a', v.startAt, v.endAt)).toBe(v);
    expect(movedVisit(v, 'b', v.startAt, v.endAt)).toMatchObject({ engineerId: 'b', revision: 1, confirmed: true });
    expect(movedVisit(v, 'a', v.startAt + H, v.endAt + H)).toMatchObject({ revision: 1, confirmed: false });
  });

  it('a warning the desk found after the move redraws the visit', () => {
    const v = visit(1, 'a');
    const drawn = planEvents(new Map(), boardEvents(board([v]))).drawn;
    const warned = { ...v, warnings: [{ kind: 'outside-hours' as const }] };
    expect(planEvents(drawn, boardEvents(board([warned]))).add).toMatchObject([
      { id: v.id, classNames: ['visit', 'has-warning', 'confirmed'] },
    ]);
  });
});

describe('eventContent', () => {
  type Node = { tag: string; props: Readonly<Record<string, unknown>> | null; children: unknown[] };
  const h = (tag: string, props: Node['props'], ...children: unknown[]): Node => ({ tag, props, children });
  const arg = (display: string, title: string, timeText: string) =>
    ({ event: { display, title }, timeText }) as unknown as EventContentArg;
  const walk = (n: unknown, seen: Node[] = []): Node[] => {
    if (n && typeof n === 'object' && 'tag' in n) {
      seen.push(n as Node);
      for (const c of (n as Node).children) walk(c, seen);
    }
    return seen;
  };
  const text = (n: unknown): string =>
    typeof n === 'string'
      ? n
      : n && typeof n === 'object' && 'tag' in n
        ? (n as Node).children.map(text).join('|')
        : '';

  it("shows a visit's time and ticket, and nothing of it is a sticky element the timeline re-measures", () => {
    const content = eventContent(arg('auto', '№7 ООО «Газель-Транс»', '10:00'), h);
    expect(text(content)).toBe('10:00|№7 ООО «Газель-Транс»');
    const classes = walk(content).map((n) => String(n.props?.className ?? ''));
    expect(classes).toContain('fc-event-title');
    expect(classes.join(' ')).not.toContain('fc-sticky');
    // A short visit shows the start of its text: the whole of it is the tooltip.
    expect((content as Node).props?.title).toBe('10:00 №7 ООО «Газель-Транс»');
  });

  it('leaves shifts, time off and holidays to the calendar’s own drawing', () => {
    expect(eventContent(arg('background', 'Новый год', ''), h)).toBe(true);
  });
});

describe('markVisit', () => {
  const mount = (visit: boolean, isMirror: boolean) => {
    const el = { dataset: {} as DOMStringMap } as HTMLElement;
    markVisit({ el, isMirror, event: { id: 'v1', extendedProps: visit ? { visit: {} } : {} } as never });
    return el.dataset.visitId;
  };

  it('names the drawn visit, not the copy that follows the pointer, nor a shift', () => {
    expect(mount(true, false)).toBe('v1');
    // The mirror sits in the lane under the pointer until the drop is drawn: found as the visit, it would
    // say the visit is drawn there before it is.
    expect(mount(true, true)).toBeUndefined();
    expect(mount(false, false)).toBeUndefined();
  });
});
