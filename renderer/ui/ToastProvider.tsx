import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useCallback, useState, type ReactNode } from 'react';
import { ToastContext, type Toast } from './toast';

type Shown = Toast & Readonly<{ id: number }>;

export function ToastProvider({ children }: Readonly<{ children: ReactNode }>) {
  const [current, setCurrent] = useState<Shown | null>(null);
  const show = useCallback((toast: Toast) => setCurrent((prev) => ({ ...toast, id: (prev?.id ?? 0) + 1 })), []);
  const close = useCallback(() => setCurrent(null), []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <Snackbar
        key={current?.id}
        open={current !== null}
        // Errors stay until dismissed: a refused change must not vanish before it is read.
        autoHideDuration={current?.severity === 'error' ? null : 4000}
        onClose={(_event, reason) => {
          if (reason !== 'clickaway') close();
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {current ? (
          <Alert
            severity={current.severity}
            variant="filled"
            onClose={close}
            data-testid="toast"
            sx={{ minWidth: 320 }}
          >
            {current.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </ToastContext.Provider>
  );
}
