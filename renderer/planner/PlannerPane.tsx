import type { Calendar, DatesSetArg, EventApi, EventClickArg, EventDropArg } from '@fullcalendar/core';
import ruLocale from '@fullcalendar/core/locales/ru';
import interactionPlugin, {
  Draggable,
  type DateClickArg,
  type DropArg,
  type EventDragStopArg,
  type EventResizeDoneArg,
} from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import type { ResourceLabelContentArg } from '@fullcalendar/resource';
import resourceTimelinePlugin from '@fullcalendar/resource-timeline';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_BOARD_ENGINEERS } from '../../core/planning/board-limits';
import type { BoardVisit, QueueItem } from '../../core/planning/contract';
import type { PultErrorData } from '../../core/result';
import type { PaneProps } from '../app/pane-props';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { newId } from '../ui/ids';
import { PaneControls } from '../ui/TopBar';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useLocale } from '../ui/useLocale';
import { localDateLookup } from '../../core/planning/zone';
import {
  DENSE_VISITS,
  boardEvents,
  boardResources,
  eventContent,
  keptMoves,
  markVisit,
  planEvents,
  visitSignature,
} from './planner-calendar';
import { movedVisit } from './planner-local';
import { clearEvents, useClearOnSwitch, useLastDefined } from './planner-switch';
import { TicketDrawer } from '../tickets/deferred-parts';
import { PlannerDayPanel, type DayRef } from './PlannerDayPanel';
import { PlannerChecklistDialog } from './PlannerChecklistDialog';
import { PlannerHolidaysDialog } from './PlannerHolidaysDialog';
import { PlannerPager } from './PlannerPager';
import { zoneCity } from './planner-time';
import { pushChange, type PlanningChange } from './planner-undo';

/**
 * FullCalendar's premium plugins (the resource timeline) are used under their GPLv3 option, which this
 * GPL-3.0 application meets; the key is the documented way to say so.
 */
const SCHEDULER_LICENSE_KEY = 'GPL-My-Project-Is-Open-Source';
const MINUTE = 60_000;

const DAY_VIEW = 'resourceTimelineDay';
/** The zone the window (and so the calendar) draws in. */
const windowZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const clockIn = (zone: string) =>
  new Intl.DateTimeFormat('ru-RU', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    Date.now(),
  );
const WEEK_VIEW = 'resourceTimelineWeek';

/*
 * The calendar's options that never change, made once. FullCalendar's React wrapper hands every prop back to
 * the calendar on each render of the pane, and a new object (views, formats) or a new function counts as a
 * changed option: the calendar then refines its options again and re-renders every slot, lane and event.
 */
const PLUGINS = [resourceTimelinePlugin, interactionPlugin];
const LOCALES = [ruLocale];
const VIEWS = {
  resourceTimelineThreeDays: { type: 'resourceTimeline', duration: { days: 3 }, slotDuration: '01:00' },
  resourceTimelineWeek: { slotDuration: '03:00' },
};
const HEADER_TOOLBAR = {
  left: 'prev,next today',
  center: 'title',
  right: 'resourceTimelineDay,resourceTimelineThreeDays,resourceTimelineWeek',
};
const CLOCK_FORMAT = { hour: '2-digit', minute: '2-digit', hour12: false } as const;

/**
 * A function whose identity never changes but which always runs the latest `fn`: the calendar's handlers read
 * the pane's current state (the queue, the board) without counting as changed options on every answer.
 */
function useLatest<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

/** Local dates in the window's zone (the calendar draws in it), for one block per engineer and day. */
function windowDateOf(range: Range | null): (at: number) => string {
  const from = range?.from ?? Date.now();
  return localDateLookup(from, range?.to ?? from + 86_400_000, windowZone);
}

/** A visit's element carries its id, so a test can find one visit among thousands. */

const markGroupLabel = (info: { el: HTMLElement; groupValue?: unknown }) => {
  if (typeof info.groupValue === 'string') info.el.title = info.groupValue;
};

type Range = Readonly<{ from: number; to: number }>;
type BoardPage = Readonly<{ group: string | null; offset: number }>;

/**
 * The planners' calendar: engineers as rows (grouped by team and region), their visits, shifts and time off;
 * the queue of tickets that need a visit beside it. Every change is a named mutation the server judges again:
 * a refused one snaps back with the reason in a toast, and Ctrl+Z takes back the last one.
 */
export function PlannerPane({ active }: PaneProps) {
  const { t } = useTranslation();
  const { lang, locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const [range, setRange] = useState<Range | null>(null);
  const [view, setView] = useState<string>(DAY_VIEW);
  const [day, setDay] = useState<DayRef | null>(null);
  const [drawerId, setDrawerId] = useState<string | null>(null);
  const [page, setPage] = useState<BoardPage>({ group: null, offset: 0 });
  const board = useApiQuery('planner:board', range ? { ...range, ...page, limit: DEFAULT_BOARD_ENGINEERS } : null);
  const calendarRef = useRef<FullCalendar | null>(null);
  const drawn = useRef<ReadonlyMap<string, string>>(new Map());
  // A visit moved here, as it is now, beside the event FullCalendar moved itself. Setting it as the event's
  // own prop would redraw every event a second time within the drop (a third of the drop's drawing); it is kept
  // until a board answer redraws that event or no longer has it.
  const movedVisits = useRef(new Map<string, BoardVisit>());
  const visitOf = useCallback(
    (event: EventApi) => movedVisits.current.get(event.id) ?? (event.extendedProps.visit as BoardVisit | undefined),
    [],
  );
  // How many of the board's answers the calendar has drawn: tests and the benchmark wait for it.
  const [answers, setAnswers] = useState(0);
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 200);
  const queue = useApiQuery('planner:queue', { search: debounced, limit: 300 });
  const queueRef = useRef<HTMLDivElement | null>(null);
  const undo = useRef<readonly PlanningChange[]>([]);
  const roles = useApiQuery('app:info', {}).data?.user.roles ?? [];
  // The mutators' own roles: holidays are the company's calendar (admin, planner); templates are an admin's.
  const mayEditHolidays = roles.includes('admin') || roles.includes('planner');
  const mayEditChecklists = roles.includes('admin');
  const [editor, setEditor] = useState<'holidays' | 'checklists' | null>(null);

  const refused = useCallback(
    (error: PultErrorData) => toast({ severity: 'error', message: errorText(t, error) }),
    [t, toast],
  );

  // Resources change only with the page; the events are kept in step by hand (below), not through a prop.
  // While a new range or page is asked for, the last answer's engineers stay: an empty list in between would
  // make the calendar take every row down and build it again (twice the work of a view switch).
  const shown = useLastDefined(board.data);
  const resourceKey = shown ? JSON.stringify(shown.engineers.map((e) => [e.id, e.name, e.group])) : '';
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const resources = useMemo(() => (shown ? boardResources(shown) : []), [resourceKey]);

  // Each answer of the board is compared with what is drawn, and only what differs is redrawn: after a move the
  // answer differs in that one visit. Replacing FullCalendar's `events` would re-parse and redraw all of them.
  useEffect(() => {
    // getApi() hands out the Calendar itself; its declared interface omits batchRendering.
    const calendar = calendarRef.current?.getApi() as Calendar | undefined;
    if (!calendar || !board.data) return;
    const { visits } = board.data;
    const summarise = view === WEEK_VIEW || visits.length > DENSE_VISITS ? windowDateOf(range) : null;
    const next = boardEvents(board.data, summarise);
    const plan = planEvents(drawn.current, next);
    calendar.batchRendering(() => {
      if (plan.replaceAll) {
        clearEvents(calendar);
        calendar.addEventSource(next.map((e) => e.input));
        return;
      }
      for (const id of plan.remove) calendar.getEventById(id)?.remove();
      for (const input of plan.add) calendar.addEvent(input);
    });
    drawn.current = plan.drawn;
    movedVisits.current = keptMoves(movedVisits.current, plan);
    setAnswers((n) => n + 1);
    // `range` changes only together with a new board answer, which this effect follows already.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [board.data, view]);

  const calendarBox = useRef<HTMLDivElement | null>(null);
  useClearOnSwitch(calendarBox, calendarRef, () => {
    drawn.current = new Map();
    movedVisits.current.clear();
  });

  const visitById = useMemo(() => new Map((board.data?.visits ?? []).map((v) => [v.id, v])), [board.data]);

  // The queue's items can be dragged onto the calendar; FullCalendar reads each item's data on drag start.
  useEffect(() => {
    const el = queueRef.current;
    if (!el) return;
    const draggable = new Draggable(el, {
      itemSelector: '[data-queue-ticket]',
      eventData: (item) => ({
        title: item.getAttribute('data-title') ?? '',
        duration: { minutes: Number(item.getAttribute('data-minutes')) },
        create: false,
      }),
    });
    return () => draggable.destroy();
  }, []);

  const plan = useCallback(
    async (item: QueueItem, engineerId: string, startAt: number) => {
      const id = newId();
      const result = await api.call('visit:plan', {
        id,
        ticketId: item.ticketId,
        engineerId,
        startAt,
        endAt: startAt + item.durationMinutes * MINUTE,
        workTypeId: item.workTypeId,
        place: item.place,
        logId: newId(),
      });
      if (!result.ok) return refused(result.error);
      undo.current = pushChange(undo.current, { kind: 'plan', visitId: id, ticketId: item.ticketId });
    },
    [api, refused],
  );

  const onDrop = useCallback(
    (info: DropArg) => {
      const ticketId = info.draggedEl.getAttribute('data-queue-ticket');
      const item = queue.data?.items.find((i) => i.ticketId === ticketId);
      if (!item || !info.resource) return;
      void plan(item, info.resource.id, info.date.getTime());
    },
    [plan, queue.data],
  );

  const move = useCallback(
    async (info: EventDropArg | EventResizeDoneArg) => {
      const visit = visitOf(info.event);
      if (!visit) return info.revert();
      const resources = info.event.getResources();
      const engineerId = resources[0]?.id ?? visit.engineerId;
      const startAt = info.event.start?.getTime() ?? visit.startAt;
      const endAt = info.event.end?.getTime() ?? startAt + (visit.endAt - visit.startAt);
      // The calendar already shows the visit where it was dropped: what is drawn now is the move's outcome, so
      // the board's next answer redraws it only if the desk judged otherwise (a warning, a refusal).
      const moved = movedVisit(visit, engineerId, startAt, endAt);
      movedVisits.current.set(visit.id, moved);
      drawn.current = new Map(drawn.current).set(visit.id, visitSignature(moved));
      const result = await api.call('visit:move', {
        id: visit.id,
        ticketId: visit.ticketId,
        engineerId,
        startAt,
        endAt,
        expectedRevision: visit.revision,
      });
      if (!result.ok) {
        info.revert();
        movedVisits.current.set(visit.id, visit);
        drawn.current = new Map(drawn.current).set(visit.id, visitSignature(visit));
        return refused(result.error);
      }
      undo.current = pushChange(undo.current, {
        kind: 'move',
        visitId: visit.id,
        ticketId: visit.ticketId,
        revision: visit.revision + 1,
        before: { engineerId: visit.engineerId, startAt: visit.startAt, endAt: visit.endAt },
      });
    },
    [api, refused, visitOf],
  );

  const unplan = useCallback(
    async (visit: BoardVisit) => {
      const result = await api.call('visit:unplan', {
        id: visit.id,
        ticketId: visit.ticketId,
        expectedRevision: visit.revision,
        logId: newId(),
      });
      if (!result.ok) return refused(result.error);
      undo.current = pushChange(undo.current, { kind: 'unplan', visit });
    },
    [api, refused],
  );

  // A visit dropped on the queue goes back to it.
  const onDragStop = useCallback(
    (info: EventDragStopArg) => {
      const rect = queueRef.current?.getBoundingClientRect();
      const { clientX: x, clientY: y } = info.jsEvent;
      if (!rect || x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) return;
      const visit = visitOf(info.event);
      if (visit) void unplan(visit);
    },
    [unplan, visitOf],
  );

  const undoLast = useCallback(async () => {
    const last = undo.current.at(-1);
    if (!last) return;
    undo.current = undo.current.slice(0, -1);
    const result = await (async () => {
      switch (last.kind) {
        case 'plan': {
          const visit = visitById.get(last.visitId);
          return api.call('visit:unplan', {
            id: last.visitId,
            ticketId: last.ticketId,
            expectedRevision: visit?.revision ?? 0,
            logId: newId(),
          });
        }
        case 'move':
          return api.call('visit:move', {
            id: last.visitId,
            ticketId: last.ticketId,
            ...last.before,
            expectedRevision: last.revision,
          });
        case 'unplan':
          return api.call('visit:plan', {
            id: newId(),
            ticketId: last.visit.ticketId,
            engineerId: last.visit.engineerId,
            startAt: last.visit.startAt,
            endAt: last.visit.endAt,
            workTypeId: last.visit.workTypeId,
            place: last.visit.place,
            logId: newId(),
          });
        default:
          return last satisfies never;
      }
    })();
    if (!result.ok) refused(result.error);
    else toast({ severity: 'info', message: t('planner.undone') });
  }, [api, refused, t, toast, visitById]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void undoLast();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, undoLast]);

  const onDatesSet = useCallback((arg: DatesSetArg) => {
    setView(arg.view.type);
    const from = arg.start.getTime();
    const to = arg.end.getTime();
    setRange((r) => (r && r.from === from && r.to === to ? r : { from, to }));
  }, []);

  // A visit opens its ticket's drawer (its warnings, if any, are said as well); a day block opens that day.
  const onEventClick = useCallback(
    (info: EventClickArg) => {
      const visit = visitOf(info.event);
      const block = info.event.extendedProps.day as DayRef | undefined;
      if (block) return setDay({ engineerId: block.engineerId, day: block.day });
      if (!visit) return;
      setDrawerId(visit.ticketId);
      if (visit.warnings.length > 0) {
        toast({
          severity: 'warning',
          message: `№${visit.ticketNumber}: ${visit.warnings.map((w) => t(`planner.warning.${w.kind}`)).join('; ')}`,
        });
      }
    },
    [t, toast, visitOf],
  );

  const onDateClick = useCallback((info: DateClickArg) => {
    if (info.resource) setDay({ engineerId: info.resource.id, day: info.date.toLocaleDateString('sv') });
  }, []);

  // An engineer's name opens their day: today when the calendar shows it, else the first day shown.
  const rangeRef = useRef(range);
  useEffect(() => {
    rangeRef.current = range;
  }, [range]);
  const onResourceLabel = useCallback((info: ResourceLabelContentArg & { el: HTMLElement }) => {
    info.el.style.cursor = 'pointer';
    info.el.title = info.resource.title;
    info.el.dataset.engineerId = info.resource.id;
    info.el.addEventListener('click', () => {
      const shown = rangeRef.current;
      const now = Date.now();
      const at = shown && (now < shown.from || now >= shown.to) ? shown.from : now;
      setDay({ engineerId: info.resource.id, day: new Date(at).toLocaleDateString('sv') });
    });
  }, []);

  const handlers = {
    drop: useLatest(onDrop),
    eventChange: useLatest((info: EventDropArg | EventResizeDoneArg) => void move(info)),
    dragStop: useLatest(onDragStop),
    eventClick: useLatest(onEventClick),
    dateClick: useLatest(onDateClick),
  };
  const buttonText = useMemo(() => ({ resourceTimelineThreeDays: t('planner.threeDays') }), [t]);
  const engineersHeader = t('planner.engineers');
  const calendarLocale = lang === 'ru' ? 'ru' : 'en';
  // The element is made again only when what it shows changes (language, the page's engineers): the pane's
  // other renders (a board answer, the queue, a dialog) leave the calendar alone, and events are kept in step
  // by hand above.
  const calendar = useMemo(
    () => (
      <FullCalendar
        plugins={PLUGINS}
        schedulerLicenseKey={SCHEDULER_LICENSE_KEY}
        locales={LOCALES}
        locale={calendarLocale}
        firstDay={1}
        height="100%"
        initialView={DAY_VIEW}
        views={VIEWS}
        headerToolbar={HEADER_TOOLBAR}
        buttonText={buttonText}
        slotLabelFormat={CLOCK_FORMAT}
        eventTimeFormat={CLOCK_FORMAT}
        nowIndicator
        editable
        droppable
        eventResourceEditable
        snapDuration="00:15"
        resourceGroupField="group"
        resourceAreaHeaderContent={engineersHeader}
        resourceAreaWidth="200px"
        ref={calendarRef}
        resources={resources}
        datesSet={onDatesSet}
        drop={handlers.drop}
        eventDrop={handlers.eventChange}
        eventResize={handlers.eventChange}
        eventDragStop={handlers.dragStop}
        eventClick={handlers.eventClick}
        eventContent={eventContent}
        eventDidMount={markVisit}
        dateClick={handlers.dateClick}
        resourceLabelDidMount={onResourceLabel}
        resourceGroupLabelDidMount={markGroupLabel}
      />
    ),
    // The handlers are stable (useLatest); listing them would say otherwise to a reader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [calendarLocale, buttonText, engineersHeader, resources, onDatesSet, onResourceLabel],
  );

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }} data-testid="pane-calendar">
      <PaneControls active={active}>
        <Typography component="h2" variant="h6" sx={{ fontSize: 18, fontWeight: 600, lineHeight: '52px' }}>
          {t('nav.calendar')}
        </Typography>
        {board.data && board.data.timeZone !== windowZone && (
          <Typography variant="body2" sx={{ ml: 2, color: 'text.secondary' }} data-testid="planner-zones">
            {t('planner.companyZone')}: {zoneCity(board.data.timeZone)} {clockIn(board.data.timeZone)} ·{' '}
            {t('planner.yourZone')}: {zoneCity(windowZone)} {clockIn(windowZone)}
          </Typography>
        )}
      </PaneControls>
      {board.error && (
        <Alert severity="error" sx={{ m: 1 }}>
          {errorText(t, board.error)}
        </Alert>
      )}
      <Box component="main" sx={{ flex: 1, display: 'flex', minHeight: 0, gap: 1, p: 1 }}>
        <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
            <PlannerPager board={board.data} group={page.group} pageSize={DEFAULT_BOARD_ENGINEERS} onChange={setPage} />
            <Box sx={{ flex: 1 }} />
            {mayEditHolidays && (
              <Button size="small" onClick={() => setEditor('holidays')} data-testid="planner-edit-holidays">
                {t('planner.holidaysButton')}
              </Button>
            )}
            {mayEditChecklists && (
              <Button size="small" onClick={() => setEditor('checklists')} data-testid="planner-edit-checklists">
                {t('planner.checklistButton')}
              </Button>
            )}
          </Box>
          <Box
            sx={{
              flex: 1,
              minHeight: 0,
              overflow: 'hidden',
              // A long engineer's or team's name, or a visit's title, ends in an ellipsis; the whole is its tooltip.
              '& .fc-datagrid-cell-cushion': { textOverflow: 'ellipsis' },
              '& .fc-timeline-event .fc-event-title': { overflow: 'hidden', textOverflow: 'ellipsis' },
              // FullCalendar turns text selection off on <body> for each drag, an inherited property: every
              // element of the window had its style computed again on the press and on the release (≈ 3,000
              // elements, 13 ms). The calendar has it off for good, so that change stops at its edge.
              '& .fc': { userSelect: 'none', WebkitUserSelect: 'none' },
            }}
            ref={calendarBox}
            data-testid="planner-calendar"
            data-board-answers={answers}
          >
            {calendar}
          </Box>
        </Box>
        <Box
          component="aside"
          sx={{ width: 300, display: 'flex', flexDirection: 'column', minHeight: 0 }}
          data-testid="planner-queue"
        >
          {day && (
            <PlannerDayPanel
              target={day}
              companyZone={board.data?.timeZone ?? windowZone}
              onClose={() => setDay(null)}
              onOpenTicket={setDrawerId}
            />
          )}
          <Box sx={{ display: day ? 'none' : 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              {t('planner.queue')}
              {queue.data ? ` · ${queue.data.total}` : ''}
            </Typography>
            <TextField
              size="small"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t('planner.search')}
              slotProps={{ htmlInput: { 'aria-label': t('planner.search') } }}
              sx={{ my: 1 }}
            />
            <Box ref={queueRef} sx={{ flex: 1, overflow: 'auto', minHeight: 80 }}>
              {queue.data?.items.length === 0 && (
                <Typography sx={{ color: 'text.secondary' }}>{t('planner.queueEmpty')}</Typography>
              )}
              {queue.data?.items.map((item) => (
                <Box
                  key={item.ticketId}
                  data-queue-ticket={item.ticketId}
                  data-title={`№${item.number} ${item.clientName}`}
                  data-minutes={item.durationMinutes}
                  sx={{
                    p: 1,
                    mb: 0.5,
                    border: 1,
                    borderColor: 'divider',
                    borderRadius: 1,
                    cursor: 'grab',
                    bgcolor: 'background.paper',
                  }}
                >
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    №{item.number} · {item.clientName}
                  </Typography>
                  <Typography variant="body2">{item.title}</Typography>
                  <Typography variant="caption" sx={{ color: 'text.secondary', display: 'block' }}>
                    {[item.workTypeName, `${item.durationMinutes} ${t('planner.minutes')}`, item.vehicle, item.place]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography>
                  {item.deadline !== null && (
                    <Typography variant="caption" sx={{ color: 'warning.main' }}>
                      {t('planner.deadline')}: {new Date(item.deadline).toLocaleDateString(locale)}
                    </Typography>
                  )}
                </Box>
              ))}
            </Box>
          </Box>
        </Box>
      </Box>
      {editor === 'holidays' && (
        <PlannerHolidaysDialog holidays={board.data?.holidays ?? []} onClose={() => setEditor(null)} />
      )}
      {editor === 'checklists' && <PlannerChecklistDialog onClose={() => setEditor(null)} />}
      {drawerId && <TicketDrawer ticketId={drawerId} onClose={() => setDrawerId(null)} onOpenTicket={setDrawerId} />}
    </Box>
  );
}
