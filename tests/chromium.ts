import { findChromium } from '../tools/preflight/find-tools.js';

/**
 * The Chromium the e2e suite and the benchmarks launch: PULT_CHROMIUM, Debian's, or Playwright's own
 * (tools/preflight/find-tools.ts; `npm test` stops before anything runs when there is none). Without the
 * background-networking flags Chromium keeps trying the closed network.
 */
const found = findChromium();
export const CHROMIUM_PATH = found.ok ? found.path : (process.env.PULT_CHROMIUM ?? '/usr/bin/chromium');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
