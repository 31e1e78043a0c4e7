import { describe, expect, test } from 'vitest';
import { jsonTooDeep } from './json-body.js';

/** The depth scan must agree with JSON.parse on every valid document: brackets in strings are not nesting. */
describe('jsonTooDeep', () => {
  test('counts arrays and objects, not the brackets inside strings or after escaped quotes', () => {
    expect(jsonTooDeep('[[[]]]', 3)).toBe(false);
    expect(jsonTooDeep('[[[[]]]]', 3)).toBe(true);
    expect(jsonTooDeep('{"a": {"b": [1, {"c": null}]}}', 4)).toBe(false);
    expect(jsonTooDeep('{"a": {"b": [1, {"c": []}]}}', 4)).toBe(true);
    expect(jsonTooDeep(JSON.stringify({ s: '[[[[[[{{{{' }), 1)).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ s: 'a "quoted" [[[ \\ back\\slash' }), 1)).toBe(false);
    expect(jsonTooDeep(JSON.stringify(['\\', [['x']]]), 2)).toBe(true);
  });

  test('agrees with the real depth of documents JSON.stringify makes', () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === 'object'
        ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf))
        : 0;
    const samples: unknown[] = [
      { deskId: 'x', mutations: [{ id: 1, args: { child: { id: 'y' }, note: '}]"\\' } }] },
      [[[['"[']]], { a: [] }],
      'plain "string" with ] and }',
      { '[key]': { '{': [1, 2, [3, [4]]] } },
    ];
    for (const sample of samples) {
      const text = JSON.stringify(sample);
      const depth = depthOf(sample);
      expect(jsonTooDeep(text, depth), text).toBe(false);
      if (depth > 0) expect(jsonTooDeep(text, depth - 1), text).toBe(true);
    }
  });
});
