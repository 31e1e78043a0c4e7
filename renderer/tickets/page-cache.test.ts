import { describe, expect, it } from 'vitest';
import { indexInSnapshot, PageCache, pagesInRange, rowFromSnapshot } from './page-cache';

type Row = Readonly<{ id: string }>;
const rows = (page: number, n = 10, tag = ''): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${tag}${page * 10 + i}` }));

describe('pagesInRange', () => {
  it('covers the visible rows, clamped to the total', () => {
    expect(pagesInRange(0, 29, 1000, 10)).toEqual([0, 1, 2]);
    expect(pagesInRange(95, 130, 100, 10)).toEqual([9]);
    expect(pagesInRange(0, 30, 0, 10)).toEqual([]);
  });

  it('asks for the first page when the total is not known yet', () => {
    expect(pagesInRange(0, 40, null, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(pagesInRange(-5, -1, null, 10)).toEqual([0]);
  });
});

describe('PageCache', () => {
  it('stores pages and answers rows by absolute index', () => {
    const c = new PageCache<Row>(10, 5);
    const g = c.reset('q1');
    expect(c.needs(0)).toBe(true);
    expect(c.put(g, 2, rows(2), 95)).toBe(true);
    expect(c.needs(2)).toBe(false);
    expect(c.row(23)?.id).toBe('23');
    const snap = c.snapshot();
    expect(snap.total).toBe(95);
    expect(rowFromSnapshot(snap, 27)?.id).toBe('27');
    expect(rowFromSnapshot(snap, 31)).toBeUndefined();
    expect(indexInSnapshot(snap, '25')).toBe(25);
    expect(indexInSnapshot(snap, 'nope')).toBe(-1);
  });

  it('never stores an answer to an older query (a slow page cannot overwrite a newer search)', () => {
    const c = new PageCache<Row>(10, 5);
    const old = c.reset('q1');
    const current = c.reset('q2');
    expect(c.put(old, 0, rows(0, 10, 'old'), 500)).toBe(false);
    expect(c.row(0)).toBeUndefined();
    expect(c.total).toBeNull();
    expect(c.put(current, 0, rows(0, 10, 'new'), 7)).toBe(true);
    expect(c.row(0)?.id).toBe('new0');
    expect(c.total).toBe(7);
  });

  it('keeps the previous query on screen until the new one answers, then drops all of it at once', () => {
    const c = new PageCache<Row>(10, 5);
    let g = c.reset('q1');
    c.put(g, 0, rows(0, 10, 'a'), 40);
    c.put(g, 1, rows(1, 10, 'a'), 40);
    g = c.reset('q2');
    let snap = c.snapshot();
    expect(snap.previousQuery).toBe(true);
    expect(snap.total).toBe(40);
    expect(rowFromSnapshot(snap, 15)?.id).toBe('a15');
    expect([...snap.pages.values()].every((p) => !p.fresh)).toBe(true);
    expect(c.needs(0)).toBe(true);
    expect(c.needs(1)).toBe(true);
    c.put(g, 0, rows(0, 10, 'b'), 12);
    snap = c.snapshot();
    expect(snap.previousQuery).toBe(false);
    expect(rowFromSnapshot(snap, 0)?.id).toBe('b0');
    // Page 1 of the old query must not pose as page 1 of the new one.
    expect(rowFromSnapshot(snap, 15)).toBeUndefined();
    expect(c.needs(1)).toBe(true);
  });

  it('an empty answer does not hide the next query: its pages are asked for as if the total were unknown', () => {
    const c = new PageCache<Row>(10, 5);
    let g = c.reset('empty');
    c.put(g, 0, [], 0);
    expect(pagesInRange(0, 30, c.currentTotal, 10)).toEqual([]);
    g = c.reset('next');
    expect(c.total).toBe(0);
    expect(c.currentTotal).toBeNull();
    const pages = pagesInRange(0, 30, c.currentTotal, 10);
    expect(pages).toEqual([0, 1, 2, 3]);
    expect(pages.every((p) => c.needs(p))).toBe(true);
    c.put(g, 0, rows(0), 13);
    expect(c.currentTotal).toBe(13);
  });

  it('after a data change shows the visible pages as stale, drops the rest, and refetches', () => {
    const c = new PageCache<Row>(10, 10);
    const g = c.reset('q');
    for (const p of [0, 1, 2, 5]) c.put(g, p, rows(p), 100);
    const g2 = c.invalidate([1, 2]);
    expect(g2).toBe(g + 1);
    const snap = c.snapshot();
    expect([...snap.pages.keys()].sort()).toEqual([1, 2]);
    expect(snap.pages.get(1)?.fresh).toBe(false);
    expect(c.needs(1)).toBe(true);
    expect(c.put(g, 1, rows(1, 10, 'late'), 100)).toBe(false);
    expect(c.put(g2, 1, rows(1, 10, 'fresh'), 101)).toBe(true);
    expect(c.row(10)?.id).toBe('fresh10');
    expect(c.snapshot().pages.get(1)?.fresh).toBe(true);
  });

  it('holds at most maxPages, evicting the least recently used', () => {
    const c = new PageCache<Row>(10, 3);
    const g = c.reset('q');
    c.put(g, 0, rows(0), 1000);
    c.put(g, 1, rows(1), 1000);
    c.put(g, 2, rows(2), 1000);
    c.touch([0]);
    c.put(g, 3, rows(3), 1000);
    expect([...c.snapshot().pages.keys()].sort()).toEqual([0, 2, 3]);
    for (let p = 4; p < 50; p++) c.put(g, p, rows(p), 1000);
    expect(c.snapshot().pages.size).toBe(3);
  });

  it('forgets pages past the end when the result shrinks', () => {
    const c = new PageCache<Row>(10, 10);
    const g = c.reset('q');
    c.put(g, 0, rows(0), 50);
    c.put(g, 4, rows(4), 50);
    c.put(g, 0, rows(0), 25);
    expect([...c.snapshot().pages.keys()]).toEqual([0]);
    expect(c.total).toBe(25);
  });
});
