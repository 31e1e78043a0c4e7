import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PlainAlert } from '../ui/plain-alert';

function LoadFailed({ message }: Readonly<{ message: string }>) {
  const { t } = useTranslation();
  return (
    <PlainAlert
      severity="error"
      testId="pane-load-failed"
      className="p-start-error"
      action={
        // A lazy pane that failed to load stays failed for this page; a reload fetches it again.
        <button
          type="button"
          className="p-button p-button-small p-button-inherit"
          onClick={() => window.location.reload()}
        >
          {t('nav.retry')}
        </button>
      }
    >
      {t('nav.loadFailed')}: {message}
    </PlainAlert>
  );
}

/** One pane's failure (its code did not download, or it threw) stays in that pane: the navigation still works. */
export class PaneErrorBoundary extends Component<Readonly<{ children: ReactNode }>, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? <LoadFailed message={this.state.error.message} /> : this.props.children;
  }
}
