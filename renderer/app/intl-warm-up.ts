/**
 * Starts the worker that loads ICU's locale data off the main thread (see intl-warm-up.worker.ts), so that the
 * grid's first dates and numbers are formatted without that one-time cost. Nothing depends on it finishing: a
 * window where the worker cannot start (or is still running) just pays the cost on the main thread as before.
 */
export function warmUpIntl(): void {
  try {
    const worker = new Worker(new URL('./intl-warm-up.worker.ts', import.meta.url), { name: 'pult-intl-warm-up' });
    // A worker that fails to load is of no consequence: the formatters load the data themselves.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      worker.terminate();
    });
  } catch {
    // No Worker in this environment: same as above.
  }
}
