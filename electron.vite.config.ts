import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { METHOD_NAMES } from './core/contract.js';

/**
 * The layout has main/, preload/ and renderer/ at the root (not electron-vite's src/), so every entry is
 * explicit. Outputs: out/main (ESM, package.json says "type": "module"), out/preload/index.cjs, out/renderer.
 */
const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(root, 'main/index.ts') },
        // A native module: loaded from node_modules at run time (rebuilt for Electron's ABI), never bundled.
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    // The sandboxed preload cannot `require` anything but 'electron' (no files, no node_modules): so one
    // self-contained CommonJS file, with no chunks and nothing external except electron itself.
    define: { __PULT_METHOD_NAMES__: JSON.stringify(METHOD_NAMES) },
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
