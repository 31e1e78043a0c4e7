import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The server's own key for secrets it must be able to read back (the PBX mailbox's IMAP password: the server
 * logs in with it, so it cannot be hashed). Sealed with AES-256-GCM, so a copy of the database — a dump, a
 * backup, a replica — holds no password anyone can use without the key, which lives outside the database.
 *
 * Where the key comes from, first found wins:
 * - `PULT_SECRET_KEY`: 32 bytes in base64 (for deployments that keep secrets in the environment);
 * - the file `PULT_SECRET_KEY_FILE`, else `.pult/secret.key` under the server's working directory, created on
 *   first start with mode 0600 (only the server's user may read it).
 * Losing the key loses the sealed passwords (the admin types them again); it does not lose any data.
 */

export const SECRET_KEY_ENV = 'PULT_SECRET_KEY';
export const SECRET_KEY_FILE_ENV = 'PULT_SECRET_KEY_FILE';
export const DEFAULT_SECRET_KEY_FILE = '.pult/secret.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'pult-sealed:v1:';

export class ServerKeyError extends Error {
  override readonly name = 'ServerKeyError';
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES) {
    throw new ServerKeyError(`${where} must hold ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`);
  }
  return key;
}

/**
 * Creates the key file if there is none, atomically: the key is written to a private temporary file that is
 * then hard-linked into place, so two servers starting at once never read a half-written key and never make
 * two different ones.
 */
function createKeyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

export type ServerKeySource = Readonly<{ env?: NodeJS.ProcessEnv; file?: string | undefined }>;

/** The server's key: from the environment, or from its file (made on first start). */
export function loadServerKey(source: ServerKeySource = {}): Buffer {
  const env = source.env ?? process.env;
  const inline = env[SECRET_KEY_ENV];
  if (inline !== undefined && inline !== '') return decodeKey(inline, SECRET_KEY_ENV);
  const file = resolve(source.file ?? env[SECRET_KEY_FILE_ENV] ?? DEFAULT_SECRET_KEY_FILE);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    createKeyFile(file);
    mode = statSync(file).mode;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ServerKeyError(
      `The server key ${file} may be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it`,
    );
  }
  return decodeKey(readFileSync(file, 'utf8'), `The server key ${file}`);
}

export type SecretBox = Readonly<{
  /**
   * Seals `plain` for `context` (what the secret is, e.g. `pbx-mailbox-password:office`): a sealed value
   * copied to another row or another purpose does not open there.
   */
  seal(plain: string, context: string): string;
  /** The plain text; throws ServerKeyError when the value was not sealed with this key for this context. */
  open(sealed: string, context: string): string;
}>;

/** Whether a stored value is sealed, as opposed to a clear value written by an older server. */
export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new ServerKeyError(`The server key must be ${KEY_BYTES} bytes`);
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed, context) {
      if (!isSealed(sealed)) throw new ServerKeyError(`A ${context} is stored unsealed`);
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new ServerKeyError(`A ${context} is damaged`);
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new ServerKeyError(
          `A ${context} does not open with this server's key: was the key replaced? Enter the secret again`,
        );
      }
    },
  };
}

/** The context a PBX mailbox's password is sealed for: it opens only in its own PBX's row. */
export const mailboxPasswordContext = (pbxId: string): string => `pbx-mailbox-password:${pbxId}`;
