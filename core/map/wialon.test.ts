import { describe, expect, it } from 'vitest';
import { parseWialonEvents, parseWialonLogin, parseWialonUnits, wialonParams } from './wialon.js';

/** Answers shaped as the Wialon Remote API documents them (core/search_items flags 1025, avl_evts). */
const SEARCH_ITEMS = {
  searchSpec: { itemsType: 'avl_unit', propName: 'sys_name', propValueMask: '*', sortType: 'sys_name' },
  dataFlags: 1025,
  totalItemsCount: 2,
  indexFrom: 0,
  indexTo: 0,
  items: [
    {
      nm: 'MAN 1234 AB-7',
      cls: 2,
      id: 734455,
      mu: 0,
      pos: { t: 1764662400, y: 53.902284, x: 27.561831, z: 220, s: 54, c: 271, sc: 9 },
      lmsg: null,
      uacl: 19327369763,
    },
    { nm: 'Volvo 5678 KX-5', cls: 2, id: 734456, mu: 0, pos: null, lmsg: null, uacl: 19327369763 },
  ],
};

describe('Wialon adapter', () => {
  it('reads pos.x as the longitude and pos.y as the latitude, and t as UTC seconds', () => {
    const parsed = parseWialonUnits(SEARCH_ITEMS);
    expect(parsed).toEqual({
      ok: true,
      value: {
        positions: [
          { objectId: '734455', lat: 53.902284, lon: 27.561831, at: 1764662400_000, speedKmh: 54, course: 271 },
        ],
        dropped: { 'no-position': 1 },
      },
    });
  });

  it('drops a malformed or out-of-range unit with a counted reason and keeps the rest of the answer', () => {
    const parsed = parseWialonUnits({
      items: [
        ...SEARCH_ITEMS.items,
        { nm: 'no id', pos: { t: 1, x: 27, y: 53 } },
        { id: 5, pos: { t: 1764662400, x: 'east', y: 53 } },
        { id: 6, pos: { t: 1764662400, x: 27, y: 95 } },
        { id: 7, pos: { x: 27, y: 53 } },
        null,
      ],
    });
    expect(parsed.ok && parsed.value.positions.map((p) => p.objectId)).toEqual(['734455']);
    expect(parsed.ok && parsed.value.dropped).toEqual({
      'no-position': 1,
      malformed: 4,
      'coordinates-out-of-range': 1,
    });
  });

  it('reports a Wialon error answer as an error, never as an empty fleet', () => {
    expect(parseWialonUnits({ error: 1 })).toMatchObject({ ok: false, code: 1 });
    expect(parseWialonEvents({ error: 4 })).toMatchObject({ ok: false, code: 4 });
    expect(parseWialonUnits({ totalItemsCount: 3 })).toMatchObject({ ok: false });
    expect(parseWialonUnits('<html>502</html>')).toMatchObject({ ok: false });
  });

  it('takes positions from avl_evts "m" events and counts the others', () => {
    const parsed = parseWialonEvents({
      tm: 1764662460,
      events: [
        {
          i: 734455,
          t: 'm',
          d: {
            t: 1764662455,
            f: 1,
            tp: 'ud',
            pos: { y: 53.91, x: 27.6, c: 90, z: 220, s: 60, sc: 10 },
            i: 0,
            o: 0,
            p: {},
          },
        },
        { i: 734456, t: 'u', d: { lmsg: {} } },
        { i: 734457, t: 'm', d: { t: 1764662455, f: 0, tp: 'ud', pos: null, i: 0, o: 0, p: {} } },
        { i: 734458, t: 'm', d: 'garbage' },
      ],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        positions: [{ objectId: '734455', lat: 53.91, lon: 27.6, at: 1764662455_000, speedKmh: 60, course: 90 }],
        dropped: { 'not-a-position-event': 1, 'no-position': 1, malformed: 1 },
      },
    });
  });

  it('takes the session id from token/login and asks for units with flags 1025', () => {
    expect(parseWialonLogin({ eid: 'abc123', user: { nm: 'pult' }, tm: 1 })).toEqual({ ok: true, value: 'abc123' });
    expect(parseWialonLogin({ error: 8 })).toMatchObject({ ok: false, code: 8 });
    expect(wialonParams.searchUnits()).toMatchObject({ flags: 1025, spec: { itemsType: 'avl_unit' } });
    expect(wialonParams.subscribeUnits().spec[0]).toMatchObject({ data: 'avl_unit', flags: 1025, mode: 0 });
  });
});
