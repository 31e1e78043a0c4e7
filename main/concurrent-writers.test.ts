import { deskDatabase } from './workstation-db.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openWorkstation } from './workstation.js';
import { seedWorld } from './test-support/fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const PER_PROCESS = 60;

/** A second desk process on the same file: it adds comments through the real mutation runner. */
const writerScript = (dataFile: string, ticketId: string, tag: string) => `
import { openWorkstation } from ${JSON.stringify(join(root, 'main/workstation.ts'))};
import { dispatch } from ${JSON.stringify(join(root, 'core/dispatch.ts'))};
const ws = openWorkstation({ dataFile: ${JSON.stringify(dataFile)} });
for (let i = 0; i < ${PER_PROCESS}; i++) {
  const r = await dispatch(ws.handlers, 'ticket:add-comment', { id: crypto.randomUUID(), ticketId: ${JSON.stringify(ticketId)}, body: '${tag} ' + i });
  if (!r.ok) { console.error(JSON.stringify(r)); process.exit(1); }
}
ws.close();
`;

function run(script: string, dir: string, name: string): Promise<number> {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), file], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('two processes writing one store', () => {
  it('interleave without losing a write or corrupting the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pult-concurrent-'));
    const dataFile = join(dir, 'desk.sqlite');
    const ws = openWorkstation({ dataFile });
    const { open } = seedWorld(deskDatabase(ws));
    ws.close();

    const codes = await Promise.all([
      run(writerScript(dataFile, open.id, 'A'), dir, 'a'),
      run(writerScript(dataFile, open.id, 'B'), dir, 'b'),
    ]);
    expect(codes).toEqual([0, 0]);

    const after = openWorkstation({ dataFile });
    expect(deskDatabase(after).pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (tag: string) =>
      (
        deskDatabase(after).prepare('SELECT count(*) AS n FROM comments WHERE body LIKE ?').get(`${tag} %`) as {
          n: number;
        }
      ).n;
    expect([count('A'), count('B')]).toEqual([PER_PROCESS, PER_PROCESS]);
    after.close();
  });
});
