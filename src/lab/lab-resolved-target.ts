import type { ResolvedTarget } from '../config/target.js';
import type { LabTarget } from './lab-target.js';

/**
 * A running lab registry as a run target: loopback, anonymous, plain http, the default request timeout. Used by the
 * demo and by integration tests, so they drive lab registries exactly as a user's `--target` would.
 */
export function labResolvedTarget(target: LabTarget, requestTimeoutMs = 30_000): ResolvedTarget {
  return {
    name: target.name,
    url: target.url,
    namespace: '',
    credentials: { kind: 'anonymous' },
    tls: { insecure: false },
    requestTimeoutMs,
  };
}
