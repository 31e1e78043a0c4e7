import iconv from 'iconv-lite';

/**
 * Missed-call e-mails as PBXs send them, byte for byte, for the mailbox tests: the same three lines (number,
 * time in the PBX's local time, queue) in the encodings real mail servers pass along. Built by hand so the
 * bytes on the wire are exactly the encoding under test, not what a mail library chose to produce.
 */

export type Charset = 'utf-8' | 'koi8-r' | 'windows-1251';
export type TransferEncoding = '8bit' | 'base64' | 'quoted-printable';

const wrap = (text: string, width: number) => text.match(new RegExp(`.{1,${width}}`, 'g'))?.join('\r\n') ?? '';

/** Quoted-printable of raw bytes (RFC 2045 §6.7): anything but printable ASCII as =XX, soft breaks under 76. */
export function quotedPrintable(bytes: Buffer): string {
  const lines: string[] = [];
  let line = '';
  for (const byte of bytes) {
    if (byte === 0x0a) {
      lines.push(line);
      line = '';
      continue;
    }
    const printable = byte >= 0x21 && byte <= 0x7e && byte !== 0x3d;
    const piece =
      printable || byte === 0x20 ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + piece.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += piece;
  }
  lines.push(line);
  return lines.join('\r\n');
}

/** An RFC 2047 encoded word: how a Cyrillic subject travels in a header. */
export function encodedWord(text: string, charset: Charset, encoding: 'B' | 'Q' = 'B'): string {
  const bytes = iconv.encode(text, charset);
  const payload =
    encoding === 'B'
      ? bytes.toString('base64')
      : [...bytes]
          .map((b) =>
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
              ? String.fromCharCode(b)
              : b === 0x20
                ? '_'
                : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
          )
          .join('');
  return `=?${charset.toUpperCase()}?${encoding}?${payload}?=`;
}

export type MailSpec = Readonly<{
  messageId: string | null;
  subject: string;
  subjectEncoding?: 'B' | 'Q';
  body: string;
  charset: Charset;
  transfer: TransferEncoding;
  html?: boolean;
  date?: string;
}>;

export function mail(spec: MailSpec): Buffer {
  const bytes = iconv.encode(spec.body.replace(/\r?\n/g, '\n'), spec.charset);
  let body: Buffer;
  switch (spec.transfer) {
    case '8bit':
      body = iconv.encode(spec.body.replace(/\r?\n/g, '\r\n'), spec.charset);
      break;
    case 'base64':
      body = Buffer.from(wrap(bytes.toString('base64'), 76), 'latin1');
      break;
    case 'quoted-printable':
      body = Buffer.from(quotedPrintable(bytes), 'latin1');
      break;
  }
  const headers = [
    `From: ${encodedWord('АТС офиса', 'utf-8')} <pbx@example.by>`,
    'To: callbacks@example.by',
    `Subject: ${encodedWord(spec.subject, spec.charset, spec.subjectEncoding ?? 'B')}`,
    `Date: ${spec.date ?? 'Tue, 01 Dec 2026 23:20:00 +0300'}`,
    ...(spec.messageId ? [`Message-ID: <${spec.messageId}>`] : []),
    'MIME-Version: 1.0',
    `Content-Type: text/${spec.html ? 'html' : 'plain'}; charset=${spec.charset}`,
    `Content-Transfer-Encoding: ${spec.transfer}`,
  ];
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'), body, Buffer.from('\r\n')]);
}

/** The pattern of the PBX in these tests: three labelled lines, the time as the PBX prints it in Minsk. */
export const PATTERN =
  '^Номер:[ \\t]*(?<number>[^\\n]*?)[ \\t]*\\n^Время:[ \\t]*(?<time>[^\\n]+?)[ \\t]*\\n^Очередь:[ \\t]*(?<queue>[^\\n]+?)[ \\t]*$';
export const TIME_FORMAT = 'dd.MM.yyyy HH:mm:ss';

export const callBody = (number: string, time: string, queue: string) =>
  `Пропущенный вызов\nНомер: ${number}\nВремя: ${time}\nОчередь: ${queue}\n`;
