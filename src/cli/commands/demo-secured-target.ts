import type { ResolvedTarget } from '../../config/target.js';
import { labResolvedTarget, startLab, type Lab, type LabPaths } from '../../lab/index.js';

/** Report name of the demo's authenticated target. */
export const securedDemoTargetName = 'distribution-3-token-tls';

/** The demo's authenticated lab and its target. */
export interface SecuredDemoTarget {
  readonly lab: Lab;
  readonly target: ResolvedTarget;
}

/**
 * Starts distribution-3 a second time, over TLS behind the lab token server, as the read-write lab user with the
 * pull-only user for the permission checks: the one demo target where the auth suite runs rather than skips, and
 * where every request goes through the token flow. Returns undefined, with the reason, when it cannot start: the
 * open registries still make a demo.
 */
export async function startSecuredDemoTarget(
  paths: LabPaths,
  signal: AbortSignal,
): Promise<SecuredDemoTarget | { readonly reason: string }> {
  let lab: Lab;
  try {
    lab = await startLab({ registries: ['distribution-3'], registryOptions: { auth: { kind: 'token' }, tls: { kind: 'tls' } }, paths, signal });
  } catch (error) {
    return { reason: error instanceof Error ? error.message.split('\n')[0] ?? 'unknown' : String(error) };
  }
  const started = lab.targets[0];
  const users = started?.credentials;
  if (started === undefined || users === undefined) {
    await lab.stop();
    return { reason: 'the token lab started without users' };
  }
  return {
    lab,
    target: {
      ...labResolvedTarget(started),
      name: securedDemoTargetName,
      credentials: { kind: 'basic', ...users.readWrite },
      readOnlyCredentials: { kind: 'basic', ...users.readOnly },
    },
  };
}
