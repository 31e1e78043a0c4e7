import type { ReactNode } from 'react';

export type Severity = 'error' | 'warning' | 'info' | 'success';

type Props = Readonly<{
  severity: Severity;
  /** Filled: white on the severity's colour, for what must not be overlooked. */
  filled?: boolean;
  /** No rounded corners: a full-width band in the frame. */
  square?: boolean;
  className?: string;
  title?: ReactNode;
  /** A button on the right (retry, reset). */
  action?: ReactNode;
  /** Shows a close button that calls this. */
  onClose?: () => void;
  closeText?: string;
  role?: 'alert' | 'status';
  testId?: string;
  data?: Readonly<Record<`data-${string}`, string>>;
  children?: ReactNode;
}>;

/**
 * A notice in the frame or above the grid, drawn as MUI's Alert looks but without it: notices can be part of
 * the first screen (a failed read, a damaged store), which is drawn before MUI loads.
 */
export function PlainAlert({
  severity,
  filled = false,
  square = false,
  className,
  title,
  action,
  onClose,
  closeText,
  role = 'alert',
  testId,
  data,
  children,
}: Props) {
  const classes = ['p-alert', filled && 'p-alert-filled', square && 'p-alert-square', className].filter(Boolean);
  return (
    <div className={classes.join(' ')} role={role} data-severity={severity} data-testid={testId} {...data}>
      <div className="p-alert-message">
        {title && <div className="p-alert-title">{title}</div>}
        {children}
      </div>
      {(action || onClose) && (
        <div className="p-alert-action">
          {action}
          {onClose && (
            <button type="button" className="p-icon-button" aria-label={closeText} title={closeText} onClick={onClose}>
              ×
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * A thin progress line (MUI's LinearProgress look): indeterminate without `value`, else `value` per cent. The
 * bar is moved through the CSSOM, which the CSP allows, not through a style attribute in markup.
 */
export function ProgressLine({
  value,
  label,
  className,
  testId,
}: Readonly<{ value?: number; label?: string; className?: string; testId?: string }>) {
  const determinate = value !== undefined;
  return (
    <span
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? 100 : undefined}
      aria-valuenow={determinate ? Math.round(value) : undefined}
      data-indeterminate={determinate ? 'false' : 'true'}
      data-testid={testId}
      className={className ? `p-progress ${className}` : 'p-progress'}
    >
      <span
        className="p-progress-bar"
        style={determinate ? { transform: `translateX(${Math.min(100, Math.max(0, value)) - 100}%)` } : undefined}
      />
    </span>
  );
}
