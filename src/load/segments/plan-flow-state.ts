/**
 * A segment's check that the set-up phase ran: each flow kind's record rebuilds what its set-up made without the
 * registry (`plan`: seeds and tags come from the run id), and a few HEADs here confirm the registry holds it. Set-up
 * therefore happens once, in its own phase.
 */
import { UsageError } from '../../errors/index.js';
import type { FlowEnv, FlowState } from '../flows/flow-types.js';
import { classifyError } from '../http/load-failure.js';
import { headManifest } from '../ops/manifest-ops.js';
import { expectStatus, repoScope, type OpContext } from '../ops/op-context.js';

/**
 * Checks that the registry holds what the set-up phase pushes (every pool blob, every pool tag at its digest). A
 * missing object means the set-up phase of this run id has not run (or ran with other settings): a UsageError that
 * says which phase to run, never a run phase that would count every pull as a registry failure.
 */
export async function verifyFlowState(state: FlowState, env: FlowEnv, ctx: OpContext, runId: string): Promise<void> {
  const missing = (what: string, error: unknown): UsageError =>
    new UsageError(
      `--phase run: ${what} of run ${runId} is not in ${env.repository} (${classifyError(error)}); run \`regatta bench --phase setup --run-id ${runId}\` with the same scenario settings first`,
    );
  const tags = state.kind === 'images' ? state.images.map((image) => ({ tag: image.reference, digest: image.manifestDigest })) : state.kind === 'tags' ? state.tags : [];
  for (const { tag, digest } of tags) {
    await headManifest({ ...ctx, verify: true }, env.repository, tag, digest).catch((error: unknown) => {
      throw missing(`set-up manifest ${tag}`, error);
    });
  }
  for (const digest of state.kind === 'blobs' ? state.digests : []) {
    const response = await ctx.http.send({ method: 'HEAD', path: `/v2/${env.repository}/blobs/${digest}`, scope: repoScope(env.repository, false), signal: ctx.signal });
    await expectStatus(response, [200], 'head blob').catch((error: unknown) => {
      throw missing(`set-up blob ${digest}`, error);
    });
    await response.body.dump();
  }
}
