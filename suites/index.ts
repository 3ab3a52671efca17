/**
 * The conformance suites in run order: the only source of order (STYLE 1). Each file is one spec workflow.
 */
import type { SuiteDefinition } from '../src/conformance/define-suite.js';
import ping from './01-ping.js';
import blobUpload from './02-blob-upload.js';

/** Every suite, in the order the runner runs them. */
export const suites: readonly SuiteDefinition[] = [ping, blobUpload];
