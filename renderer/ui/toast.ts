import { createContext, useContext } from 'react';

export type ToastSeverity = 'success' | 'info' | 'warning' | 'error';
export type Toast = Readonly<{ severity: ToastSeverity; message: string }>;
/** A toast on screen; a new id replaces the one shown (and restarts its timer). */
export type ShownToast = Toast & Readonly<{ id: number }>;

export const ToastContext = createContext<(toast: Toast) => void>(() => {
  // Outside a <ToastProvider> a toast has nowhere to appear; unit-rendered components simply drop it.
});

/** Shows a short message at the bottom of the window (saved, created, refused). */
export function useToast(): (toast: Toast) => void {
  return useContext(ToastContext);
}
