/**
 * Ping: end-1 (`GET /v2/`). A registry answers 200 when the V2 API is available to this client; the legacy
 * `Docker-Distribution-API-Version: registry/2.0` header is optional in OCI (spec §3 "Legacy headers") and sent by
 * Docker V2 registries (spec §4); the Docker V2 body is a JSON object. Unknown endpoints under `/v2/` are 404.
 */
import { defineSuite } from '../../src/conformance/define-suite.js';
import { excerpt, expectHeaderEquals, expectStatus, expectThat } from '../../src/conformance/expect.js';
import { statements } from '../common/statements.js';

export default defineSuite({
  id: 'ping',
  title: 'API version check',
  description: 'end-1: GET /v2/ answers 200, with the optional API version header and a JSON body.',
  checks: [
    {
      id: 'get-v2-200',
      title: 'GET /v2/ returns 200',
      level: 'SHOULD',
      statement: statements.determiningSupport,
      strict: "the spec defines a 200 on GET /v2/ as the sign that a registry implements it, without a keyword; regatta holds every registry to it",
      spec: ['end-1'],
      api: 'ping',
      async run(ctx) {
        const response = await ctx.client.ping({ signal: ctx.signal });
        expectStatus(response, [200], ctx.rule);
      },
    },
    {
      id: 'api-version-header',
      title: 'GET /v2/ sends Docker-Distribution-API-Version: registry/2.0',
      level: 'MAY',
      spec: ['end-1'],
      api: 'ping',
      dependsOn: ['get-v2-200'],
      async run(ctx) {
        const response = await ctx.client.ping({ signal: ctx.signal });
        expectHeaderEquals(response, 'Docker-Distribution-API-Version', 'registry/2.0', {
          rule: 'GET /v2/ sends Docker-Distribution-API-Version: registry/2.0',
          spec: ['end-1'],
        });
      },
    },
    {
      id: 'json-body',
      title: 'GET /v2/ returns a JSON object body',
      level: 'MAY',
      spec: ['end-1'],
      api: 'ping',
      dependsOn: ['get-v2-200'],
      async run(ctx) {
        const response = await ctx.client.ping({ signal: ctx.signal });
        const body = response.json();
        expectThat(
          typeof body === 'object' && body !== null && !Array.isArray(body),
          ctx.rule,
          'a JSON object',
          excerpt(response),
          response,
        );
      },
    },
    {
      id: 'unknown-endpoint-404',
      title: 'GET on an unknown endpoint under /v2/ returns 404',
      level: 'SHOULD',
      spec: ['end-1'],
      api: 'ping',
      async run(ctx) {
        const response = await ctx.client.request('GET', `/v2/${ctx.repo()}/regatta-no-such-endpoint`, {
          signal: ctx.signal,
        });
        expectStatus(response, [404], ctx.rule);
      },
    },
  ],
});
