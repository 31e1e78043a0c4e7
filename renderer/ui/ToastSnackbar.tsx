import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import type { ShownToast } from './toast';

/** The toast itself: one at a time, the next one replaces it. */
export function ToastSnackbar({ current, onClose }: Readonly<{ current: ShownToast | null; onClose: () => void }>) {
  return (
    <Snackbar
      key={current?.id}
      open={current !== null}
      // Errors stay until dismissed: a refused change must not vanish before it is read.
      autoHideDuration={current?.severity === 'error' ? null : 4000}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') onClose();
      }}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      {current ? (
        <Alert
          severity={current.severity}
          variant="filled"
          onClose={onClose}
          data-testid="toast"
          sx={{ minWidth: 320 }}
        >
          {current.message}
        </Alert>
      ) : undefined}
    </Snackbar>
  );
}
