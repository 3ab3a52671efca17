import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labResolvedTarget } from './lab-resolved-target.js';
import { readLabState, stopLabState, writeLabState } from './lab-state.js';
import type { LabTarget } from './lab-target.js';

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A TLS lab target whose process is long gone (pid 2^22 + 1 is above Linux's pid_max default). */
function tlsTarget(dataDir: string, tlsDir: string, mtls: boolean): LabTarget {
  return {
    name: 'distribution-3',
    url: 'https://127.0.0.1:5443',
    product: 'distribution',
    version: 'v3.1.2',
    dataDir,
    logFile: join(dataDir, 'registry.log'),
    pid: 4_194_305,
    binary: '/nonexistent/registry',
    tls: {
      caFile: join(tlsDir, 'ca.crt'),
      ...(mtls ? { certFile: join(tlsDir, 'client.crt'), keyFile: join(tlsDir, 'client.key') } : {}),
    },
  };
}

describe('lab state of a TLS lab', () => {
  it('round-trips the CA and client certificate paths', async () => {
    const file = join(tempDir('regatta-state-tls-test-'), 'state.json');
    const target = tlsTarget('/tmp/regatta-lab-x', '/tmp/regatta-lab-tls-x', true);
    await writeLabState(file, [target], new Date('2026-01-02T03:04:05Z'));
    expect((await readLabState(file))?.targets).toEqual([target]);
  });

  it('lab down removes the shared TLS directory, but only one the lab made', async () => {
    const file = join(tempDir('regatta-state-tls-test-'), 'state.json');
    const dataDir = tempDir('regatta-lab-data-test-');
    const tlsDir = tempDir('regatta-lab-tls-test-');
    writeFileSync(join(tlsDir, 'ca.crt'), 'pem');
    const foreignDir = tempDir('not-a-lab-dir-');
    writeFileSync(join(foreignDir, 'ca.crt'), 'pem');
    const state = { version: 1 as const, startedAt: '', targets: [tlsTarget(dataDir, tlsDir, false), tlsTarget(dataDir, foreignDir, false)] };
    const results = await stopLabState(file, state);
    expect(results.map((result) => result.outcome)).toEqual(['gone', 'gone']);
    expect(existsSync(tlsDir)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(foreignDir, 'ca.crt'))).toBe(true);
  });

  it('makes a run target that trusts the lab CA with verification on, and presents the client certificate for mTLS', () => {
    const tls = labResolvedTarget(tlsTarget('/d', '/t', false));
    expect(tls.url).toBe('https://127.0.0.1:5443');
    expect(tls.tls).toEqual({ insecure: false, caFile: '/t/ca.crt' });
    const mtls = labResolvedTarget(tlsTarget('/d', '/t', true));
    expect(mtls.tls).toEqual({ insecure: false, caFile: '/t/ca.crt', certFile: '/t/client.crt', keyFile: '/t/client.key' });
    const plain = labResolvedTarget({ ...tlsTarget('/d', '/t', false), url: 'http://127.0.0.1:5000', tls: undefined });
    expect(plain.tls).toEqual({ insecure: false });
  });
});
