import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox, isSealed, loadServerKey, mailboxPasswordContext, ServerKeyError } from './server-key.js';

/**
 * The server's key and what it seals. What this tries to break: a key file others may read, a key made twice
 * by two servers starting at once, a sealed value moved to another PBX's row, a tampered value, the wrong key.
 */
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pult-server-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the server key', () => {
  it('is made on first start as a 0600 file, and the same key is read on every later start', () => {
    const file = join(tempDir(), 'nested', 'secret.key');
    const first = loadServerKey({ env: {}, file });
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadServerKey({ env: {}, file })).toEqual(first);
    // Several loads racing for a missing file agree on one key.
    const other = join(tempDir(), 'secret.key');
    const keys = Array.from({ length: 5 }, () => loadServerKey({ env: {}, file: other }).toString('hex'));
    expect(new Set(keys).size).toBe(1);
  });

  it('PULT_SECRET_KEY wins over the file; a key of the wrong size or a readable file is refused by name', () => {
    const key = Buffer.alloc(32, 7);
    const file = join(tempDir(), 'secret.key');
    expect(loadServerKey({ env: { PULT_SECRET_KEY: key.toString('base64') }, file })).toEqual(key);
    expect(() => loadServerKey({ env: { PULT_SECRET_KEY: 'c2hvcnQ=' }, file })).toThrow(/PULT_SECRET_KEY/);
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o644 });
    expect(() => loadServerKey({ env: {}, file })).toThrow(ServerKeyError);
    expect(() => loadServerKey({ env: {}, file })).toThrow(/chmod 600/);
    const bad = join(tempDir(), 'secret.key');
    writeFileSync(bad, 'not a key\n', { mode: 0o600 });
    expect(() => loadServerKey({ env: {}, file: bad })).toThrow(/32 random bytes/);
    expect(readFileSync(bad, 'utf8')).toBe('not a key\n');
  });
});

describe('sealed secrets', () => {
  const box = createSecretBox(Buffer.alloc(32, 1));
  const office = mailboxPasswordContext('office');

  it('open gives back what was sealed, in any script, and two seals of one secret differ', () => {
    const a = box.seal('пароль от ящика ✓', office);
    const b = box.seal('пароль от ящика ✓', office);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('пароль');
    expect(box.open(a, office)).toBe('пароль от ящика ✓');
    expect(box.open(box.seal('', office), office)).toBe('');
  });

  it('a value moved to another PBX, tampered with, or opened with another key does not open', () => {
    const sealed = box.seal('secret', office);
    expect(() => box.open(sealed, mailboxPasswordContext('depot'))).toThrow(ServerKeyError);
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(() => box.open(flipped, office)).toThrow(/does not open/);
    expect(() => createSecretBox(Buffer.alloc(32, 2)).open(sealed, office)).toThrow(/key replaced/);
    expect(() => box.open('secret', office)).toThrow(/unsealed/);
  });
});
