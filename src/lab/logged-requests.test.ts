import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loggedRequests } from './logged-requests.js';

/** Lines as distribution v3.1.2 writes them for two requests: its own text line, then the access log's. */
const distributionLog = [
  'time="2026-12-03T20:41:34.537Z" level=info msg="response completed" http.request.method=GET http.request.uri=/v2/ http.response.status=200',
  '127.0.0.1 - - [03/Dec/2026:20:41:34 +0000] "GET /v2/ HTTP/1.1" 200 2 "" "regatta"',
  'time="2026-12-03T20:41:34.540Z" level=info msg="response completed" http.request.method=PUT http.response.status=201',
  '127.0.0.1 - - [03/Dec/2026:20:41:34 +0000] "PUT /v2/ns/repo/manifests/v1 HTTP/1.1" 201 0 "" "regatta"',
  'time="2026-12-03T20:41:35.000Z" level=warning msg="error authorizing context"',
  '',
].join('\n');

describe('loggedRequests', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("counts distribution's access-log lines, one per answered request, and nothing else", async () => {
    dir = await mkdtemp(join(tmpdir(), 'regatta-logged-'));
    const logFile = join(dir, 'registry.log');
    await writeFile(logFile, distributionLog);
    expect(loggedRequests({ product: 'distribution', logFile })).toBe(2);
    await writeFile(logFile, `${distributionLog}127.0.0.1 - - [03/Dec/2026:20:41:36 +0000] "DELETE /v2/ns/repo/blobs/sha256:ab HTTP/1.1" 202 0 "" "oci"\n`);
    expect(loggedRequests({ product: 'distribution', logFile })).toBe(3);
  });

  it('is undefined for a product without an access-log line, and for a log that cannot be read', async () => {
    dir = await mkdtemp(join(tmpdir(), 'regatta-logged-'));
    const logFile = join(dir, 'registry.log');
    await writeFile(logFile, distributionLog);
    expect(loggedRequests({ product: 'zot', logFile })).toBeUndefined();
    expect(loggedRequests({ product: 'distribution', logFile: join(dir, 'missing.log') })).toBeUndefined();
  });
});
