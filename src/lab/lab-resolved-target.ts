import type { ResolvedTarget } from '../config/target.js';
import type { LabTarget } from './lab-target.js';

/**
 * A running lab registry as a run target: loopback, anonymous, the default request timeout; a TLS lab's target trusts
 * the lab CA (and presents the lab client certificate for mTLS), with verification on. Used by the
 * demo and by integration tests, so they drive lab registries exactly as a user's `--target` would.
 */
export function labResolvedTarget(target: LabTarget, requestTimeoutMs = 30_000): ResolvedTarget {
  return {
    name: target.name,
    url: target.url,
    namespace: '',
    credentials: { kind: 'anonymous' },
    tls: {
      insecure: false,
      ...(target.tls === undefined ? {} : { caFile: target.tls.caFile }),
      ...(target.tls?.certFile === undefined ? {} : { certFile: target.tls.certFile }),
      ...(target.tls?.keyFile === undefined ? {} : { keyFile: target.tls.keyFile }),
    },
    requestTimeoutMs,
  };
}
