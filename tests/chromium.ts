/**
 * Debian's Chromium, as the e2e suite and the benchmarks launch it: Playwright
 * cannot download its own browser here, and without the background-networking flags Chromium keeps trying
 * the closed network.
 */
export const CHROMIUM_PATH = process.env.PULT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
