import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PultApi } from '../core/contract';
import { App } from './App';
import { getApi } from './bridge/index';
import { initI18n } from './i18n/index';

initI18n();

let api: PultApi | null = null;
let startError: string | null = null;
try {
  api = getApi();
} catch (e) {
  // No bridge (opened outside the desktop app or the browser host): say so instead of a blank window.
  startError = e instanceof Error ? e.message : String(e);
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <App api={api} startError={startError} />
  </StrictMode>,
);
