import { compilePattern } from '../../core/calls/mail-pattern';
import type { MailboxSecurity, SetMailboxRequest } from '../../core/calls/pbx-settings';

/** The mailbox form as typed: every field text, so a half-typed port is kept as typed. */
export type MailboxForm = Readonly<{
  enabled: boolean;
  host: string;
  port: string;
  security: MailboxSecurity;
  user: string;
  /** Empty keeps the password the server has. */
  password: string;
  folder: string;
  pattern: string;
  timeFormat: string;
  timeZone: string;
  sampleMessage: string;
}>;

export type FieldProblem = 'required' | 'portRange' | 'passwordNeeded';
type TextField = Exclude<keyof MailboxForm, 'enabled' | 'security'>;

export type MailboxFormErrors = Readonly<{
  fields: Readonly<Partial<Record<TextField, FieldProblem>>>;
  /** Why the pattern cannot be saved (it does not compile, or names no number group), in the rule's words. */
  pattern: string | null;
}>;

const REQUIRED: readonly TextField[] = ['host', 'user', 'folder', 'pattern', 'timeZone'];

/**
 * What stops the form from being saved, field by field, before anything is sent; the server checks all of it
 * again (and the time zone, which only it can resolve).
 */
export function mailboxFormErrors(form: MailboxForm, passwordSet: boolean): MailboxFormErrors {
  const fields: Partial<Record<TextField, FieldProblem>> = {};
  for (const key of REQUIRED) if (form[key].trim() === '') fields[key] = 'required';
  const port = Number(form.port.trim());
  if (!/^\d+$/.test(form.port.trim()) || port < 1 || port > 65535) fields.port = 'portRange';
  if (!passwordSet && form.password === '') fields.password = 'passwordNeeded';
  let pattern: string | null = null;
  if (form.pattern.trim() !== '') {
    try {
      compilePattern(form.pattern.trim());
    } catch (error) {
      pattern = (error as Error).message;
    }
  }
  return { fields, pattern };
}

export function hasErrors(errors: MailboxFormErrors): boolean {
  return errors.pattern !== null || Object.keys(errors.fields).length > 0;
}

/** The request the server takes: trimmed, empty optional fields as null, the password only when retyped. */
export function mailboxRequest(form: MailboxForm): SetMailboxRequest & { timeFormat: string | null } {
  const timeFormat = form.timeFormat.trim();
  return {
    enabled: form.enabled,
    host: form.host.trim(),
    port: Number(form.port.trim()),
    security: form.security,
    user: form.user.trim(),
    folder: form.folder.trim(),
    pattern: form.pattern.trim(),
    timeFormat: timeFormat === '' ? null : timeFormat,
    timeZone: form.timeZone.trim(),
    sampleMessage: form.sampleMessage.trim() === '' ? null : form.sampleMessage,
    ...(form.password === '' ? {} : { password: form.password }),
  };
}
