import type { PultApi } from '../core/contract';
import { createHashRouter } from './app/hash-router';
import { loadPane } from './app/pane-loaders';
import { warmCallsFor } from './app/warm-calls';
import { warmAnswersSettled, withWarmStart } from './app/warm-start';
import { warmUpIntl } from './app/intl-warm-up';
import { getApi } from './bridge/index';
import { applyPalette } from './ui/palette';
// The frame's and the grid's stylesheet: linked from index.html, so it loads beside the entry.
import './ui/frame.css';

/**
 * The entry is kept small on purpose: it takes the token, reads the route, and sends the first screen's reads
 * and the first pane's download before React and MUI are even parsed; the window itself comes in
 * app/render-window, whose download and start-up overlap with those reads.
 */
// Marks for the first-paint benchmark (bench/first-paint.ts), which reports where the time before the first
// row goes: downloading and compiling the entry, then starting React.
performance.mark('pult:entry');
// First: the worker's thread does its work while this one parses React and renders.
warmUpIntl();
applyPalette(document.documentElement);

let api: PultApi | null = null;
let startError: string | null = null;
try {
  // First: in the browser host this takes the token out of the address, which the router then owns.
  api = getApi();
} catch (e) {
  // No bridge (opened outside the desktop app or the browser host): say so instead of a blank window.
  startError = e instanceof Error ? e.message : String(e);
}

const router = createHashRouter(window);
const firstPane = router.current();
// The address names the pane from the start, so a reload comes back to it.
router.replace(firstPane);
if (api) api = withWarmStart(api, warmCallsFor(firstPane));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
// The first render waits for the early answers (they are usually in before React is parsed, but not always), up
// to a bound: then the session, the frame and the first rows are drawn in one pass instead of one per answer.
const answersIn = api ? Promise.race([warmAnswersSettled(api), new Promise((r) => setTimeout(r, 800))]) : null;
const firstPaneIn = api ? loadPane(firstPane).catch(() => undefined) : null;
Promise.all([import('./app/render-window'), answersIn, firstPaneIn]).then(
  ([{ renderWindow }]) => renderWindow(container, api, router, startError),
  (e: unknown) => {
    // Without React there is no translated UI to show this in; plain text beats a blank window.
    container.textContent = `Pult could not start: ${e instanceof Error ? e.message : String(e)}`;
  },
);
