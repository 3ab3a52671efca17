/**
 * The regatta image's Dockerfile is a committed file of the package (`fixtures/docker/Dockerfile`): Node 20 slim,
 * regatta installed from the packed tarball (`npm pack`, the same package users install from the registry), run as
 * the image's non-root user. `k8s export` writes it beside the Jobs rather than a text of its own, so there is one
 * Dockerfile to build and to review.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findPackageRoot } from '../package/package-root.js';

/** The committed Dockerfile's path inside the package. */
export const dockerfilePath = join('fixtures', 'docker', 'Dockerfile');

/** The regatta image's Dockerfile, as shipped in the package. */
export function readDockerfile(): Promise<string> {
  return readFile(join(findPackageRoot(), dockerfilePath), 'utf8');
}
