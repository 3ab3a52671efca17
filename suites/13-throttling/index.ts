/**
 * Throttling (code-14, main "HTTP semantics"): a 429 SHOULD carry `Retry-After`, and its body names the error
 * `TOOMANYREQUESTS` (code-14; a 4xx body is the spec's error JSON, checked as SHOULD like every error code). These
 * checks provoke nothing: they run last and judge every 429 the run's requests met (the client waits 429s out within
 * its policy and counts each one). A run that met no 429 has nothing to judge: the checks are skipped saying so, never
 * passed.
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { defineSuite } from '../../src/conformance/define-suite.js';
import { fail } from '../../src/conformance/expect.js';
import type { TrafficObservations } from '../../src/client/traffic-observations.js';
import { UnsupportedApiError } from '../../src/errors/index.js';

/** The run's 429s so far, or a skip when there were none. */
function metThrottling(ctx: CheckContext): TrafficObservations {
  const observations = ctx.client.observations?.();
  if (observations === undefined || observations.throttled === 0) {
    throw new UnsupportedApiError('no request of this run was answered 429, so there is no 429 to judge', 'throttling');
  }
  return observations;
}

/** "N of M 429 answers …, the first: METHOD URL" for a failure message. */
function firstOf(observations: TrafficObservations, broken: (event: ReturnType<TrafficObservations['throttleEvents']>[number]) => boolean): string {
  const first = observations.throttleEvents().find(broken);
  return first === undefined ? '' : `; the first: ${first.method} ${first.url}`;
}

export default defineSuite({
  id: 'throttling',
  title: 'Throttling (429)',
  description: 'code-14: every 429 the run met carries Retry-After and a TOOMANYREQUESTS error body (judged only when a 429 was met).',
  checks: [
    {
      id: 'retry-after',
      title: 'A 429 carries Retry-After',
      level: 'SHOULD',
      spec: ['code-14'],
      api: 'throttling',
      serial: true,
      run(ctx) {
        const observations = metThrottling(ctx);
        if (observations.withoutRetryAfter > 0) {
          fail(
            ctx.rule,
            'a Retry-After header on every 429 (seconds or an HTTP date)',
            `${observations.withoutRetryAfter} of ${observations.throttled} 429 answers had none${firstOf(observations, (event) => event.retryAfter === undefined)}`,
          );
        }
        ctx.note(`${observations.throttled} 429 answers met, each with Retry-After; ${Math.round(observations.waitedMs)} ms waited`);
        return Promise.resolve();
      },
    },
    {
      id: 'toomanyrequests-body',
      title: 'A 429 body is an error body with code TOOMANYREQUESTS',
      level: 'SHOULD',
      spec: ['code-14'],
      api: 'throttling',
      serial: true,
      run(ctx) {
        const observations = metThrottling(ctx);
        if (observations.withoutTooManyRequests > 0) {
          const nonJson = observations.nonJsonBodies > 0 ? ` (${observations.nonJsonBodies} not JSON at all)` : '';
          fail(
            ctx.rule,
            'a JSON error body naming TOOMANYREQUESTS on every 429',
            `${observations.withoutTooManyRequests} of ${observations.throttled} 429 answers did not name it${nonJson}` +
              firstOf(observations, (event) => event.method !== 'HEAD' && !event.codes.includes('TOOMANYREQUESTS')),
          );
        }
        return Promise.resolve();
      },
    },
  ],
});
