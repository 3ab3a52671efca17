import type { TestContext } from 'vitest';
import { labComponentStatus } from '../component-status.js';
import type { LabComponentName } from '../lab-component.js';

/**
 * Returns the binary of a lab component a test needs. When it is missing the test is skipped with the reason
 * locally, and fails under `CI=true` (DESIGN.md: in CI a missing lab component is a failure, never a silent skip).
 */
export function requireLabComponent(context: TestContext, name: LabComponentName): string {
  const status = labComponentStatus(name);
  if (status.available) {
    return status.binary;
  }
  if (process.env['CI'] === 'true') {
    throw new Error(`lab component missing in CI: ${status.reason}`);
  }
  return context.skip(status.reason);
}
