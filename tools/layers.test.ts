import { ESLint } from 'eslint';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules bite: a core/ file that reaches for Node or the DOM, a main/ file that reaches for the DOM,
 * a renderer file that reaches for Node, and a server file that imports the desk all fail lint, and the
 * same uses fail the layer's own tsconfig. Each probe is checked as if it were a file in that folder,
 * without writing it to disk.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function lintErrors(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

function typeErrors(tsconfig: string, path: string, code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, tsconfig),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`Cannot read ${tsconfig}`);
  const probe = join(root, path);
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (file === probe ? code : readFile(file));
  host.fileExists = (file) => file === probe || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === probe ? ts.createSourceFile(file, code, language) : getSourceFile(file, language, ...rest);
  const program = ts.createProgram({ rootNames: [probe], options: config.options, host });
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probe))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('each layer keeps to what it may touch', () => {
  it('core/ cannot use Node or DOM globals, nor import Node built-ins', async () => {
    expect(await lintErrors('core/probe.ts', 'export const x = process.env.HOME;\n')).toEqual([
      expect.stringContaining('no-restricted-globals'),
    ]);
    expect(await lintErrors('core/probe.ts', 'export const x = document.title;\n')).toEqual([
      expect.stringContaining('no-restricted-globals'),
    ]);
    expect(
      await lintErrors('core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"),
    ).toEqual([expect.stringContaining('no-restricted-imports')]);
    expect(typeErrors('tsconfig.core.json', 'core/probe.ts', 'export const x = process.env.HOME;\n')).toEqual([
      expect.stringContaining("Cannot find name 'process'"),
    ]);
    expect(typeErrors('tsconfig.core.json', 'core/probe.ts', 'export const x = document.title;\n')).toEqual([
      expect.stringContaining("Cannot find name 'document'"),
    ]);
    expect(typeErrors('tsconfig.core.json', 'core/probe.ts', "export const b = Buffer.from('x');\n")).toEqual([
      expect.stringContaining("Cannot find name 'Buffer'"),
    ]);
  });

  it('core/ strings go through str(), which refuses NUL', async () => {
    expect(await lintErrors('core/probe.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([
      expect.stringContaining('no-restricted-syntax'),
    ]);
  });

  it('main/ has no DOM; the renderer has no Node', async () => {
    expect(await lintErrors('main/probe.ts', 'export const x = document.title;\n')).toEqual([
      expect.stringContaining('no-restricted-globals'),
    ]);
    expect(typeErrors('tsconfig.node.json', 'main/probe.ts', 'export const x = document.title;\n')).toEqual([
      expect.stringContaining("Cannot find name 'document'"),
    ]);
    expect(await lintErrors('renderer/probe.ts', 'export const x = process.env.HOME;\n')).toEqual([
      expect.stringContaining('no-restricted-globals'),
    ]);
    expect(typeErrors('tsconfig.renderer.json', 'renderer/probe.ts', 'export const x = process.env.HOME;\n')).toEqual([
      expect.stringContaining("Cannot find name 'process'"),
    ]);
  });

  it('the server never imports the desk, and the desk never writes around its runner', async () => {
    expect(
      await lintErrors(
        'server/probe.ts',
        "import { openWorkstation } from '../main/workstation.js';\nexport const o = openWorkstation;\n",
      ),
    ).toEqual([expect.stringContaining('no-restricted-imports')]);
    expect(
      await lintErrors(
        'main/tickets/probe.ts',
        "import { deskDatabase } from '../workstation-db.js';\nexport const d = deskDatabase;\n",
      ),
    ).toEqual([expect.stringContaining('no-restricted-imports')]);
    expect(
      await lintErrors(
        'main/shell/probe.ts',
        "import { generateDemo } from '../../tools/demo/generate.js';\nexport const g = generateDemo;\n",
      ),
    ).toEqual([expect.stringContaining('no-restricted-imports')]);
  });

  it('a clean file passes both checks (the probes fail for their reason, not for being probes)', async () => {
    const code = "import { str } from './schema/text.js';\nexport const s = str().max(3);\n";
    expect(await lintErrors('core/probe.ts', code)).toEqual([]);
    expect(typeErrors('tsconfig.core.json', 'core/probe.ts', code)).toEqual([]);
  });
});
