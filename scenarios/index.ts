/** Every built-in scenario, by id. */
import type { Scenario } from '../src/load/define-scenario.js';
import chunkedPush from './chunked-push.js';
import manifestStorm from './manifest-storm.js';
import mixed from './mixed.js';
import pullBlobs from './pull-blobs.js';
import pullImage from './pull-image.js';
import pushBlobs from './push-blobs.js';
import pushImage from './push-image.js';

/** Built-in scenarios in display order. */
export const scenarios: readonly Scenario[] = [pushBlobs, pullBlobs, pushImage, pullImage, chunkedPush, mixed, manifestStorm];

/** The scenario with this id, or undefined. */
export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((scenario) => scenario.id === id);
}
