import type { Calendar } from '@fullcalendar/core';
import type FullCalendar from '@fullcalendar/react';
import { useEffect, useState, type RefObject } from 'react';

/** Every event off the calendar: those added one by one and the sources added whole. */
export function clearEvents(calendar: Calendar): void {
  calendar.removeAllEvents();
  for (const source of calendar.getEventSources()) source.remove();
}

/**
 * A switch of view or dates keeps the old range's events until the new answer replaces them: FullCalendar lays
 * out and measures today's 300 visits in the week it switches to, only to throw them away when the week's day
 * blocks arrive. This takes them off in the same render as the switch: rendering is paused from the toolbar
 * click's capture until the click has bubbled through FullCalendar's own handler. `onClear` is told, so that
 * what the pane counts as drawn is emptied too.
 */
export function useClearOnSwitch(
  box: RefObject<HTMLElement | null>,
  calendarRef: RefObject<FullCalendar | null>,
  onClear: () => void,
): void {
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // getApi() hands out the Calendar itself; its declared interface omits the rendering pause.
    const calendarOf = () => calendarRef.current?.getApi() as Calendar | undefined;
    const resume = () => calendarOf()?.resumeRendering();
    const beforeSwitch = (e: MouseEvent) => {
      const calendar = calendarOf();
      const button = e.target instanceof Element ? e.target.closest('.fc-toolbar button') : null;
      // The pressed view's button and a disabled "today" change nothing: what is drawn stays.
      if (!calendar || !button || button.matches(':disabled, .fc-button-active')) return;
      calendar.pauseRendering();
      clearEvents(calendar);
      onClear();
      // Should the click not bubble back up (a handler that stops it), the calendar still draws again.
      setTimeout(resume);
    };
    el.addEventListener('click', beforeSwitch, true);
    el.addEventListener('click', resume);
    return () => {
      el.removeEventListener('click', beforeSwitch, true);
      el.removeEventListener('click', resume);
    };
    // The handler is read once: the pane's is stable in what it does (it empties a ref).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [box, calendarRef]);
}

/**
 * The latest value that was not undefined: what to keep showing while the next answer is on its way. The
 * calendar's rows come from it, so a new range or page does not take every row down and build it again.
 */
export function useLastDefined<T>(value: T | undefined): T | undefined {
  const [last, setLast] = useState(value);
  if (value !== undefined && value !== last) setLast(value);
  return value ?? last;
}
