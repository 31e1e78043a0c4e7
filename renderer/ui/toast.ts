import { createContext, useContext } from 'react';

export type ToastSeverity = 'success' | 'info' | 'warning' | 'error';
export type Toast = Readonly<{ severity: ToastSeverity; message: string }>;

export const ToastContext = createContext<(toast: Toast) => void>(() => {
  // Outside a <ToastProvider> a toast has nowhere to appear; unit-rendered components simply drop it.
});

/** Shows a short message at the bottom of the window (saved, created, refused). */
export function useToast(): (toast: Toast) => void {
  return useContext(ToastContext);
}
