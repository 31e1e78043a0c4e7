import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin, Rollup } from 'vite';
import { contractIndex, METHOD_NAMES } from './core/contract.js';

/**
 * The layout has main/, preload/ and renderer/ at the root (not electron-vite's src/), so every entry is
 * explicit. Outputs: out/main (ESM, package.json says "type": "module"), out/preload/index.cjs, out/renderer.
 */
const root = import.meta.dirname;

/**
 * The renderer's entry is small and loads the window (and the first pane) with dynamic imports, so that the
 * first reads leave before React and MUI are parsed. Those chunks are certain to be needed at once, so the
 * page asks for them in <head> as well: their download overlaps the entry's, instead of waiting for it.
 */
function preloadStartChunks(modules: readonly string[]): Plugin {
  return {
    name: 'pult:preload-start-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const files = new Set<string>();
        const visit = (chunk: Rollup.OutputChunk) => {
          if (files.has(chunk.fileName)) return;
          files.add(chunk.fileName);
          for (const file of chunk.imports) {
            const next = bundle[file];
            if (next?.type === 'chunk') visit(next);
          }
        };
        for (const module of modules) {
          const id = resolve(root, module);
          const chunk = Object.values(bundle).find(
            (c): c is Rollup.OutputChunk => c.type === 'chunk' && c.facadeModuleId === id,
          );
          // A renamed module must fail the build, not silently drop the preload.
          if (!chunk) throw new Error(`preloadStartChunks: no chunk is built from ${module}`);
          visit(chunk);
        }
        return [...files]
          .filter((file) => !html.includes(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

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
    // The contract's names and reads as plain data (renderer/bridge/contract-index.ts): no schemas in the window.
    define: { __PULT_CONTRACT_INDEX__: JSON.stringify(contractIndex()) },
    root: resolve(root, 'renderer'),
    plugins: [react(), preloadStartChunks(['renderer/app/render-window.tsx', 'renderer/tickets/TicketsPane.tsx'])],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the renderer unminified; a third of the bytes means a third of the parse before
      // the first paint, and the readable source is in the repository.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        output: {
          // Libraries every pane needs get chunks of their own, so a change to one pane leaves their files (and
          // a browser's cache of them) alone. Everything else follows the panes' lazy imports: a pane's own
          // libraries load with the pane.
          codeSplitting: {
            groups: [
              { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
              {
                name: 'i18n',
                test: /[\\/]node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/,
                priority: 20,
              },
            ],
          },
        },
      },
    },
  },
});
