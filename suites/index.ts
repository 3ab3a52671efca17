/**
 * The conformance suites in run order: the only source of order (STYLE 1). Each file is one spec workflow; each
 * check builds its own data, so the order matters only for reading the report and for in-suite `dependsOn`.
 */
import type { SuiteDefinition } from '../src/conformance/define-suite.js';
import ping from './01-ping/index.js';
import blobUpload from './02-blob-upload/index.js';
import blobMount from './03-blob-mount/index.js';
import manifestPush from './04-manifest-push/index.js';
import pull from './05-pull/index.js';
import tags from './06-tags/index.js';
import deletes from './07-delete/index.js';
import catalog from './08-catalog/index.js';
import errorBodies from './09-error-bodies/index.js';
import referrers from './10-referrers/index.js';
import auth from './11-auth/index.js';
import content from './12-content/index.js';
import throttling from './13-throttling/index.js';

/** Every suite, in the order the runner runs them. */
export const suites: readonly SuiteDefinition[] = [
  ping,
  blobUpload,
  blobMount,
  manifestPush,
  pull,
  tags,
  deletes,
  catalog,
  errorBodies,
  referrers,
  auth,
  content,
  // Last: it judges every 429 the run's requests met.
  throttling,
];
