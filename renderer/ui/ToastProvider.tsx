import { Suspense, useCallback, useState, type ReactNode } from 'react';
import { lazyMui } from './lazy-mui';
import { ToastContext, type ShownToast, type Toast } from './toast';

// The snackbar is MUI: loaded with the first toast, not before the first rows.
const ToastSnackbar = lazyMui(() => import('./ToastSnackbar').then((m) => m.ToastSnackbar));

export function ToastProvider({ children }: Readonly<{ children: ReactNode }>) {
  const [current, setCurrent] = useState<ShownToast | null>(null);
  // Mounted from the first toast on, so that closing one plays its transition.
  const [asked, setAsked] = useState(false);
  const show = useCallback((toast: Toast) => {
    setAsked(true);
    setCurrent((prev) => ({ ...toast, id: (prev?.id ?? 0) + 1 }));
  }, []);
  const close = useCallback(() => setCurrent(null), []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      {asked && (
        <Suspense fallback={null}>
          <ToastSnackbar current={current} onClose={close} />
        </Suspense>
      )}
    </ToastContext.Provider>
  );
}
