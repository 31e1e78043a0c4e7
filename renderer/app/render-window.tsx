import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PultApi } from '../../core/contract';
import { App } from '../App';
import { initI18n } from '../i18n/index';
import type { HashRouter } from './hash-router';

/** React, MUI and the translations: everything the window needs to draw, loaded after the first reads left. */
export function renderWindow(
  container: HTMLElement,
  api: PultApi | null,
  router: HashRouter,
  startError: string | null,
): void {
  performance.mark('pult:render');
  initI18n();
  createRoot(container).render(
    <StrictMode>
      <App api={api} router={router} startError={startError} />
    </StrictMode>,
  );
}
