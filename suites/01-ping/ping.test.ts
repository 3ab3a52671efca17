import { describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import ping from './index.js';

describe('ping suite', () => {
  it('passes every check on a conformant registry', async () => {
    const { run, checks } = await runSuiteOnFake(ping);
    expect([...checks.values()].map((check) => [check.id, check.status])).toEqual([
      ['ping/get-v2-200', 'passed'],
      ['ping/api-version-header', 'passed'],
      ['ping/json-body', 'passed'],
      ['ping/unknown-endpoint-404', 'passed'],
    ]);
    expect(run.targets[0]?.status).toBe('passed');
  });

  it.each([
    ['spec', 'warned'],
    ['strict', 'failed'],
  ] as const)('with --grading %s, get-v2-200 ends %s when GET /v2/ does not answer 200 (the spec states it without a keyword)', async (mode, expected) => {
    // The reachability probe gets its 200 (a /v2/ that answers 401 throughout means missing credentials: exit 2).
    let pings = 0;
    const { status, message, checks } = await runSuiteOnFake(ping, {
      grading: { specVersion: '1.1', strict: mode === 'strict' },
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'ping' && ++pings > 1) {
            response.status = 202;
          }
        },
      },
    });
    expect(status('ping/get-v2-200')).toBe(expected);
    expect(message('ping/get-v2-200')).toBe('GET /v2/ returns 200: expected status 200, got status 202');
    expect(checks.get('ping/get-v2-200')?.strict === undefined).toBe(mode === 'spec');
  });

  it('reports the optional header and JSON body as unsupported capabilities when absent', async () => {
    const { status, message } = await runSuiteOnFake(ping, {
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'ping') {
            response.headers['docker-distribution-api-version'] = 'registry/1.0';
            response.body = Buffer.from('ok');
          }
        },
      },
    });
    expect(status('ping/api-version-header')).toBe('skipped');
    expect(message('ping/api-version-header')).toBe(
      'capability not supported: GET /v2/ sends Docker-Distribution-API-Version: registry/2.0: expected ' +
        'Docker-Distribution-API-Version: registry/2.0, got Docker-Distribution-API-Version: registry/1.0',
    );
    expect(status('ping/json-body')).toBe('skipped');
  });

  it('warns when an unknown endpoint under /v2/ does not answer 404', async () => {
    const { status } = await runSuiteOnFake(ping, {
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'unknown') {
            response.status = 200;
          }
        },
      },
    });
    expect(status('ping/unknown-endpoint-404')).toBe('warned');
  });
});
