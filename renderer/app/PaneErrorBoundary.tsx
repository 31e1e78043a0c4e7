import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function LoadFailed({ message }: Readonly<{ message: string }>) {
  const { t } = useTranslation();
  return (
    <Alert
      severity="error"
      data-testid="pane-load-failed"
      sx={{ m: 2 }}
      action={
        // A lazy pane that failed to load stays failed for this page; a reload fetches it again.
        <Button color="inherit" size="small" onClick={() => window.location.reload()}>
          {t('nav.retry')}
        </Button>
      }
    >
      {t('nav.loadFailed')}: {message}
    </Alert>
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
