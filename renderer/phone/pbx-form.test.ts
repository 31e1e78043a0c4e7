import { describe, expect, it } from 'vitest';
import { hasErrors, mailboxFormErrors, mailboxRequest, type MailboxForm } from './pbx-form';

const FORM: MailboxForm = {
  enabled: true,
  host: ' mail.example.by ',
  port: '993',
  security: 'tls',
  user: 'pbx@example.by',
  password: '',
  folder: 'INBOX',
  pattern: 'Номер:\\s*(?<number>\\S*)',
  timeFormat: '',
  timeZone: 'Europe/Minsk',
  sampleMessage: '',
};

describe('the PBX mailbox form', () => {
  it('a filled form with a stored password has no errors and keeps the password by leaving it out', () => {
    expect(hasErrors(mailboxFormErrors(FORM, true))).toBe(false);
    const request = mailboxRequest(FORM);
    expect(request).not.toHaveProperty('password');
    expect(request).toMatchObject({ host: 'mail.example.by', port: 993, timeFormat: null, sampleMessage: null });
  });

  it('a first mailbox needs its password; a retyped one is sent', () => {
    expect(mailboxFormErrors(FORM, false).fields.password).toBe('passwordNeeded');
    expect(mailboxRequest({ ...FORM, password: 'p' })).toMatchObject({ password: 'p' });
  });

  it.each([
    ['0', 'portRange'],
    ['65536', 'portRange'],
    ['99x', 'portRange'],
    ['', 'portRange'],
  ])('port %j is refused in the form', (port, problem) => {
    expect(mailboxFormErrors({ ...FORM, port }, true).fields.port).toBe(problem);
  });

  it('empty required fields are named; a pattern without a number group or that does not compile says why', () => {
    const blank = mailboxFormErrors({ ...FORM, host: ' ', user: '', pattern: '' }, true);
    expect(blank.fields).toEqual({ host: 'required', user: 'required', pattern: 'required' });
    expect(mailboxFormErrors({ ...FORM, pattern: '(?<nubmer>\\d+)' }, true).pattern).toContain('nubmer');
    expect(mailboxFormErrors({ ...FORM, pattern: 'Номер: (?<number>\\d+' }, true).pattern).toContain(
      'not a valid regular expression',
    );
  });
});
