import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's krb5-kdc and krb5-user put their programs (/usr/sbin is not on every PATH). */
const searchPath = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')];

function findProgram(name: string): string | undefined {
  return searchPath.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

const programs = ['krb5kdc', 'kdb5_util', 'kadmin.local', 'kinit', 'kdestroy', 'klist'] as const;

/** The Kerberos programs this helper needs that are not installed (scripts/setup.sh installs them). */
export function missingKerberosPrograms(): string[] {
  return programs.filter((name) => !findProgram(name));
}

function program(name: (typeof programs)[number]): string {
  const path = findProgram(name);
  if (!path) throw new Error(`${name} is not installed (scripts/setup.sh installs krb5-kdc and krb5-user)`);
  return path;
}

export interface KdcOptions {
  realm?: string;
  /** Users as `name` → password; each becomes `name@REALM`. */
  users?: Record<string, string>;
  /** Hosts whose `HTTP/<host>` service principal goes into the keytab. */
  serviceHosts?: readonly string[];
}

/** Environment that points every Kerberos library and program at this realm and nothing else. */
export interface KerberosEnv {
  KRB5_CONFIG: string;
  KRB5_KDC_PROFILE: string;
  KRB5CCNAME: string;
  KRB5RCACHEDIR: string;
  [name: string]: string;
}

export interface Kdc {
  readonly realm: string;
  readonly port: number;
  readonly keytab: string;
  /** For a ticket cache of this realm's default (a fresh file, empty until `kinit`). */
  readonly env: KerberosEnv;
  /** A new, empty ticket cache path with the same configuration. */
  envWithCache(name: string): KerberosEnv;
  kinit(user: string, options?: { lifetime?: string; env?: KerberosEnv }): Promise<void>;
  /** Resolves once every ticket in the cache has expired (`klist -s` fails): a state, not a sleep. */
  waitForExpiry(env?: KerberosEnv): Promise<void>;
  /** Stops krb5kdc (by PID) and waits for its exit: the realm stays, the KDC is down. */
  stopKdc(): Promise<void>;
  /** Stops the KDC and removes the temp dir. */
  close(): Promise<void>;
}

/** A free loopback port for both UDP and TCP is not guaranteed; TCP only is used (udp_preference_limit). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function untilListening(port: number, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error('krb5kdc exited before it listened');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * A throwaway MIT Kerberos realm in a temp dir: a database (kdb5_util), principals for the users
 * and `HTTP/<host>` (kadmin.local), a keytab, and krb5kdc on a loopback TCP port, all under their
 * own KRB5_CONFIG / KRB5_KDC_PROFILE, so nothing on the machine is read or changed.
 */
export async function startKdc(options: KdcOptions = {}): Promise<Kdc> {
  const realm = options.realm ?? 'MEETNOW.TEST';
  const users = options.users ?? { alice: 'alice-kerberos-pass' };
  const serviceHosts = options.serviceHosts ?? ['localhost'];
  const dir = mkdtempSync(join(tmpdir(), 'meetnow-kdc-'));
  const port = await freePort();
  const keytab = join(dir, 'http.keytab');
  const krb5Conf = join(dir, 'krb5.conf');
  const kdcConf = join(dir, 'kdc.conf');
  writeFileSync(
    krb5Conf,
    [
      '[libdefaults]',
      `  default_realm = ${realm}`,
      '  dns_lookup_kdc = false',
      '  dns_lookup_realm = false',
      '  dns_canonicalize_hostname = false',
      '  rdns = false',
      '  udp_preference_limit = 1',
      '  ticket_lifetime = 10h',
      '[realms]',
      `  ${realm} = {`,
      `    kdc = 127.0.0.1:${port}`,
      '  }',
      '[domain_realm]',
      ...serviceHosts.map((host) => `  ${host} = ${realm}`),
      '',
    ].join('\n'),
  );
  writeFileSync(
    kdcConf,
    [
      '[kdcdefaults]',
      `  kdc_listen = 127.0.0.1:${port}`,
      `  kdc_tcp_listen = 127.0.0.1:${port}`,
      '[realms]',
      `  ${realm} = {`,
      `    database_name = ${join(dir, 'principal')}`,
      `    key_stash_file = ${join(dir, 'stash')}`,
      `    acl_file = ${join(dir, 'kadm5.acl')}`,
      '    max_life = 10h',
      '  }',
      '[logging]',
      `  kdc = FILE:${join(dir, 'kdc.log')}`,
      '',
    ].join('\n'),
  );
  const envWithCache = (name: string): KerberosEnv => ({
    KRB5_CONFIG: krb5Conf,
    KRB5_KDC_PROFILE: kdcConf,
    KRB5CCNAME: `FILE:${join(dir, `${name}.ccache`)}`,
    KRB5RCACHEDIR: dir,
  });
  const env = envWithCache('default');
  const childEnv = (extra: KerberosEnv = env) => ({ ...process.env, ...extra });
  let kdc: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  const stopKdc = async () => {
    if (!kdc || kdc.exitCode !== null || kdc.signalCode !== null) return;
    const pid = kdc.pid;
    if (pid !== undefined) process.kill(pid, 'SIGTERM');
    await exited;
  };
  try {
    await run(program('kdb5_util'), ['create', '-s', '-r', realm, '-P', 'throwaway-master-key'], {
      env: childEnv(),
    });
    const admin = (query: string) =>
      run(program('kadmin.local'), ['-r', realm, '-q', query], { env: childEnv() });
    for (const [user, password] of Object.entries(users)) await admin(`addprinc -pw ${password} ${user}`);
    for (const host of serviceHosts) {
      await admin(`addprinc -randkey HTTP/${host}`);
      await admin(`ktadd -k ${keytab} HTTP/${host}`);
    }
    kdc = spawn(program('krb5kdc'), ['-n', '-r', realm], { env: childEnv(), stdio: 'ignore' });
    const child = kdc;
    exited = new Promise((resolve) => child.once('exit', resolve));
    await untilListening(port, exited);
  } catch (error) {
    await stopKdc();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    realm,
    port,
    keytab,
    env,
    envWithCache,
    async kinit(user, kinitOptions = {}) {
      const password = users[user];
      if (password === undefined) throw new Error(`no such user ${user}`);
      const args = [...(kinitOptions.lifetime ? ['-l', kinitOptions.lifetime] : []), `${user}@${realm}`];
      const child = spawn(program('kinit'), args, {
        env: childEnv(kinitOptions.env),
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.stdin.end(`${password}\n`);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`kinit failed (${code}): ${stderr}`);
    },
    async waitForExpiry(cacheEnv = env) {
      for (;;) {
        const valid = await run(program('klist'), ['-s'], { env: childEnv(cacheEnv) }).then(
          () => true,
          () => false,
        );
        if (!valid) return;
      }
    },
    stopKdc,
    async close() {
      await stopKdc();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
