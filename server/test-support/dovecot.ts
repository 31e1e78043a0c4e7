import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real IMAP server for tests: a throwaway Dovecot (Debian's dovecot-imapd) on 127.0.0.1 and a free port,
 * its configuration, state and maildirs in a temp dir, one passwd-file user with a random password. It runs
 * unprivileged: as root (CI) under `nobody`, otherwise as the current user. When Dovecot is not installed
 * the caller's tests fail with the reason: a mailbox test that silently skips would pass without having run.
 */
export type TestDovecot = Readonly<{
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}>;

const DOVECOT = '/usr/sbin/dovecot';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once the server greets an IMAP client ("* OK"); Dovecot's auth process may take a moment. */
async function greeted(port: number, deadline: number, exited: () => string | null): Promise<void> {
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(gone);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.setTimeout(1000, () => socket.destroy());
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (text.includes('\n')) {
          socket.end('a LOGOUT\r\n');
          resolve(text.startsWith('* OK') && !text.includes('Waiting for authentication'));
        }
      });
      socket.on('error', () => resolve(false));
      socket.on('close', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not answer on 127.0.0.1:${port} within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startTestDovecot(): Promise<TestDovecot> {
  if (!existsSync(DOVECOT)) {
    throw new Error(`The mailbox tests need Dovecot at ${DOVECOT} (Debian: apt-get install -y dovecot-imapd)`);
  }
  const asRoot = process.getuid?.() === 0;
  const account = asRoot ? 'nobody' : userInfo().username;
  const group = asRoot ? 'nogroup' : execFileSync('id', ['-gn']).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'pult-dovecot-'));
  const password = randomBytes(12).toString('base64url');
  const user = 'pbx';
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o600 });

  let child: ChildProcess | null = null;
  let exitReason: string | null = null;
  const stopNow = () => {
    try {
      const pid = Number(readFileSync(join(dir, 'run', 'master.pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGTERM');
    } catch {
      // Not running (any more).
    }
    child?.kill('SIGTERM');
  };
  // A test process that dies without afterAll must not leave a Dovecot behind.
  const onExit = () => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const config = [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `instance_name = pult-test-${randomBytes(4).toString('hex')}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      // Plain-text login over the loopback connection of a test; a real mailbox is reached with TLS.
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      // A wrong password is a test case here, not an attack: answer it at once instead of after 2 s.
      'auth_failure_delay = 0',
      `default_internal_user = ${account}`,
      `default_internal_group = ${group}`,
      `default_login_user = ${account}`,
      'first_valid_uid = 1',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${account} gid=${group} home=${dir}/home/%u`,
      '}',
      'mail_location = maildir:~/Maildir',
      'service imap-login {',
      '  chroot =',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'dovecot.conf'), config);
    if (asRoot) execFileSync('chown', ['-R', `${account}:${group}`, dir]);
    else chownSync(dir, process.getuid?.() ?? 0, process.getgid?.() ?? 0);

    const args = ['-F', '-c', join(dir, 'dovecot.conf')];
    exitReason = null;
    child = asRoot ? spawn('runuser', ['-u', account, '--', DOVECOT, ...args]) : spawn(DOVECOT, args);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      let log = '';
      try {
        log = readFileSync(join(dir, 'dovecot.log'), 'utf8');
      } catch {
        // No log yet.
      }
      exitReason = `Dovecot exited (${code}): ${stderr.trim()} ${log.trim().split('\n').slice(-3).join(' | ')}`;
    });
    try {
      await greeted(port, Date.now() + 15_000, () => exitReason);
    } catch (error) {
      stopNow();
      if (attempt >= 2) {
        process.removeListener('exit', onExit);
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      continue;
    }
    const running = child;
    return {
      host: '127.0.0.1',
      port,
      user,
      password,
      async stop() {
        process.removeListener('exit', onExit);
        const exited = new Promise<void>((resolve) => {
          if (running.exitCode !== null || running.signalCode !== null) resolve();
          else running.once('exit', () => resolve());
        });
        stopNow();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
