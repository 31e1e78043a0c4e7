import { describe, expect, test } from 'vitest';
import { compilePattern } from '../../core/calls/pbx-settings.js';
import { applyPattern, decodeMessage, mailCallId, storable } from './mail-pattern.js';
import { callBody, mail, PATTERN, TIME_FORMAT, type Charset, type TransferEncoding } from './test-mails.js';

/**
 * A PBX's missed-call e-mail read with its pattern, without a mail server: every encoding a mail server passes
 * along decodes to the same text, the time is read in the PBX's zone, and what cannot be read says why.
 */
const MINSK = { timeFormat: TIME_FORMAT, timeZone: 'Europe/Minsk' };
// 23:15:07 in Minsk (UTC+3 all year) is 20:15:07 UTC.
const AT = Date.UTC(2026, 11, 1, 20, 15, 7);

describe('mailbox pattern', () => {
  const encodings: ReadonlyArray<readonly [Charset, TransferEncoding, 'B' | 'Q']> = [
    ['utf-8', '8bit', 'B'],
    ['koi8-r', '8bit', 'B'],
    ['utf-8', 'base64', 'B'],
    ['koi8-r', 'quoted-printable', 'Q'],
    ['windows-1251', 'base64', 'Q'],
  ];

  test.each(encodings)(
    'a message in %s, %s, subject encoded %s, yields the number, the Minsk time and the Cyrillic queue',
    async (charset, transfer, subjectEncoding) => {
      const source = mail({
        messageId: `${charset}-${transfer}@pbx.example.by`,
        subject: 'Пропущенный вызов: очередь Сервис',
        subjectEncoding,
        body: callBody('+375 29 123-45-67', '01.12.2026 23:15:07', 'Сервис'),
        charset,
        transfer,
      });
      const message = await decodeMessage(source);
      expect(message.subject).toBe('Пропущенный вызов: очередь Сервис');
      expect(message.messageId).toBe(`${charset}-${transfer}@pbx.example.by`);
      const result = applyPattern(PATTERN, MINSK, message, null);
      expect(result).toMatchObject({
        ok: true,
        number: '+375 29 123-45-67',
        queue: 'Сервис',
        to: null,
        startedAt: AT,
        timeFrom: 'pattern',
      });
      expect(result.text.startsWith('Пропущенный вызов: очередь Сервис\n')).toBe(true);
    },
  );

  test('an HTML-only message is read as its text', async () => {
    const source = mail({
      messageId: 'html@pbx',
      subject: 'Пропущенный вызов',
      body: '<html><body><p>Номер: 80291112233</p><p>Время: 01.12.2026 23:15:07</p><p>Очередь: Сервис</p></body></html>',
      charset: 'utf-8',
      transfer: 'quoted-printable',
      html: true,
    });
    const pattern = 'Номер:\\s*(?<number>\\d+)\\s+Время:\\s*(?<time>[\\d.]+ [\\d:]+)\\s+Очередь:\\s*(?<queue>\\S+)';
    expect(applyPattern(pattern, MINSK, await decodeMessage(source), null)).toMatchObject({
      ok: true,
      number: '80291112233',
      startedAt: AT,
    });
  });

  test('the same wall-clock time means another instant in another zone', async () => {
    const message = await decodeMessage(
      mail({
        messageId: 'z@pbx',
        subject: 'x',
        body: callBody('1', '01.12.2026 23:15:07', 'q'),
        charset: 'utf-8',
        transfer: '8bit',
      }),
    );
    const tokyo = applyPattern(PATTERN, { timeFormat: TIME_FORMAT, timeZone: 'Asia/Tokyo' }, message, null);
    expect(tokyo).toMatchObject({ ok: true, startedAt: AT - 6 * 3_600_000 });
  });

  test('without a time group the Date header is the time, without that the arrival time', async () => {
    const pattern = '^Номер:\\s*(?<number>\\S+)';
    const body = callBody('+375291234567', 'whatever', 'q');
    const dated = await decodeMessage(
      mail({ messageId: 'd@pbx', subject: 's', body, charset: 'utf-8', transfer: '8bit' }),
    );
    expect(applyPattern(pattern, MINSK, dated, 5)).toMatchObject({
      ok: true,
      startedAt: Date.UTC(2026, 11, 1, 20, 20, 0),
      timeFrom: 'date-header',
    });
    const undated = await decodeMessage(
      Buffer.from(`Subject: s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nНомер: 123\r\n`),
    );
    expect(applyPattern(pattern, MINSK, undated, 5)).toMatchObject({ ok: true, startedAt: 5, timeFrom: 'received' });
    expect(applyPattern(pattern, MINSK, undated, null)).toMatchObject({ ok: false });
  });

  test('a message the pattern does not match, or whose time does not fit the format, says why', async () => {
    const voicemail = await decodeMessage(
      mail({
        messageId: 'v@pbx',
        subject: 'Голосовое сообщение',
        body: 'Новое голосовое сообщение от +375291234567\n',
        charset: 'koi8-r',
        transfer: 'quoted-printable',
      }),
    );
    expect(applyPattern(PATTERN, MINSK, voicemail, null)).toEqual({
      ok: false,
      text: 'Голосовое сообщение\nНовое голосовое сообщение от +375291234567',
      reason: 'The pattern does not match the message',
    });
    const badTime = await decodeMessage(
      mail({
        messageId: 't@pbx',
        subject: 's',
        body: callBody('1', '2026-12-01 23:15', 'q'),
        charset: 'utf-8',
        transfer: '8bit',
      }),
    );
    const result = applyPattern(PATTERN, MINSK, badTime, null);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(
      /The time "2026-12-01 23:15" does not fit the format "dd.MM.yyyy HH:mm:ss"/,
    );
    expect(applyPattern(PATTERN, { timeFormat: null, timeZone: 'Mars/Olympus' }, badTime, null)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Unknown time zone "Mars\/Olympus"/),
    });
  });

  test('a withheld caller (nothing after the label) is still a missed call, with an empty number', async () => {
    const message = await decodeMessage(
      mail({
        messageId: 'w@pbx',
        subject: 's',
        body: callBody('', '01.12.2026 23:15:07', 'Сервис'),
        charset: 'utf-8',
        transfer: 'base64',
      }),
    );
    expect(applyPattern(PATTERN, MINSK, message, null)).toMatchObject({
      ok: true,
      number: '',
      queue: 'Сервис',
      startedAt: AT,
    });
  });

  test('text from a broken message is made storable: NUL and lone surrogates become U+FFFD, the rest stays', () => {
    expect(storable('Пропущенный\u0000вызов \uD800 😀')).toBe('Пропущенный\uFFFDвызов \uFFFD 😀');
  });

  test('a pattern must compile and name known groups, number among them', () => {
    expect(() => compilePattern('(?<number>\\d+')).toThrow(/not a valid regular expression/);
    expect(() => compilePattern('(?<nubmer>\\d+)')).toThrow(/unknown groups \(nubmer\)/);
    expect(() => compilePattern('(?<queue>\\w+)')).toThrow(/needs a group \(\?<number>…\)/);
    expect(compilePattern('(?<number>\\d+)(?=x)(?<!y)').flags).toBe('imu');
  });

  test('the call id of a message is its Message-ID, or the hash of its bytes when it has none', async () => {
    const withId = mail({ messageId: 'abc@pbx', subject: 's', body: 'b', charset: 'utf-8', transfer: '8bit' });
    expect(mailCallId(await decodeMessage(withId), withId)).toBe('mail:abc@pbx');
    const without = mail({ messageId: null, subject: 's', body: 'b', charset: 'utf-8', transfer: '8bit' });
    const id = mailCallId(await decodeMessage(without), without);
    expect(id).toMatch(/^mail-sha256:[0-9a-f]{64}$/);
    expect(mailCallId(await decodeMessage(without), without)).toBe(id);
    const long = mail({
      messageId: `${'x'.repeat(300)}@pbx`,
      subject: 's',
      body: 'b',
      charset: 'utf-8',
      transfer: '8bit',
    });
    expect(mailCallId(await decodeMessage(long), long)).toMatch(/^mail-sha256:/);
  });
});
