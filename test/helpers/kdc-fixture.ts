import { readFileSync, writeFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { type KerberosEnv, missingKerberosPrograms } from './kdc.js';

/** Whether the Kerberos programs and the native `kerberos` package are here; else why not. */
export async function kerberosUnavailable(): Promise<string | undefined> {
  const missing = missingKerberosPrograms();
  if (missing.length > 0)
    return `${missing.join(', ')} not installed (scripts/setup.sh installs krb5-kdc, krb5-admin-server, krb5-user)`;
  try {
    await import('kerberos');
  } catch (error) {
    return `the kerberos npm package does not load: ${(error as Error).message}`;
  }
  return undefined;
}

/**
 * A skip that nobody can miss and that never counts as a pass: printed in the test output, and a
 * failure instead when CI says Kerberos must be there (MEETNOW_REQUIRE_KERBEROS=1).
 */
export function skipLoudly(t: TestContext, why: string): void {
  if (process.env.MEETNOW_REQUIRE_KERBEROS === '1') throw new Error(`Kerberos tests cannot run: ${why}`);
  process.stdout.write(`\n  ⚠ KERBEROS TESTS SKIPPED, NOT PASSED: ${why}\n\n`);
  t.skip(`Kerberos unavailable: ${why}`);
}

/**
 * Moves the clock the Kerberos library uses for this ticket cache by `seconds`: MIT's ccache
 * header holds a KDC time offset (tag 1, kdc_timesync) that the library adds to the system time.
 * +11 h makes the 10 h tickets expired; +1 h is a clock skew beyond the 5 min tolerance. No wait.
 */
export function shiftCacheClock(env: KerberosEnv, seconds: number): void {
  const path = env.KRB5CCNAME.replace(/^FILE:/, '');
  const cache = readFileSync(path);
  // v4 header: 0x0504, header length, then tag 1 (length 8): seconds, microseconds.
  if (cache.readUInt16BE(0) !== 0x0504 || cache.readUInt16BE(4) !== 1)
    throw new Error('unexpected ticket cache layout (expected MIT FILE v4 with a time-offset tag)');
  cache.writeInt32BE(seconds, 8);
  writeFileSync(path, cache);
}
