export { statusSchema, levelSchema, worst, statusSeverity, type Status, type Level } from './status.js';
export {
  exchangeSchema,
  recordedRequestSchema,
  recordedResponseSchema,
  type Exchange,
  type RecordedRequest,
  type RecordedResponse,
} from './transcript.js';
export {
  checkResultSchema,
  checkErrorSchema,
  knownDeviationSchema,
  type CheckResult,
  type CheckError,
  type KnownDeviation,
} from './check-result.js';
export { suiteResultSchema, type SuiteResult } from './suite-result.js';
export { capabilityResultSchema, type CapabilityResult } from './capability.js';
export {
  scenarioResultSchema,
  operationMetricsSchema,
  latencySummarySchema,
  thresholdResultSchema,
  trialResultSchema,
  timeSeriesPointSchema,
  type ScenarioResult,
  type OperationMetrics,
  type LatencySummary,
  type ThresholdResult,
  type TrialResult,
} from './scenario-result.js';
export {
  runResultSchema,
  targetResultSchema,
  appliedProfileSchema,
  type AppliedProfile,
  environmentSchema,
  productInfoSchema,
  RESULT_SCHEMA_VERSION,
  type RunResult,
  type TargetResult,
} from './run-result.js';
export type { RunEvents, ScenarioTick } from './run-events.js';
export { ExitCode, anythingRan, exitPolicies, runExitCode, type ExitCodeValue, type ExitOptions, type ExitPolicy } from './exit-codes.js';
export {
  benchFingerprintSchema,
  roundTripSchema,
  runLabelsSchema,
  type BenchFingerprint,
  type RoundTrip,
} from './bench-provenance.js';
export { shareInfoSchema, type ShareInfo } from './share.js';
