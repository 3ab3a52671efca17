/**
 * The runner image's Dockerfile: Node 20 slim, regatta installed from the packed tarball (`npm pack`, the same package
 * users install from the registry), run as the image's non-root `node` user. Generated rather than kept in the
 * repository so it names the tarball of the version that wrote it.
 */
import { runnerUid } from './job-manifests.js';

/** The file `npm pack` writes for this package version. */
export function packedTarballName(packageName: string, version: string): string {
  return `${packageName.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`;
}

/** Renders the Dockerfile for the tarball `tarball` (built with this directory as context). */
export function renderDockerfile(tarball: string): string {
  return `# regatta runner image. Build context: this directory with the packed package beside this file:
#   npm pack /path/to/regatta --pack-destination .   (writes ${tarball})
#   docker build -t IMAGE .
FROM node:20-slim
COPY ${tarball} /tmp/${tarball}
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/${tarball} \\
 && rm /tmp/${tarball} \\
 && npm cache clean --force
# The official image's unprivileged user, by number so Kubernetes' runAsNonRoot can verify it.
USER ${runnerUid}:${runnerUid}
WORKDIR /home/node
ENV NO_COLOR=1
ENTRYPOINT ["regatta"]
`;
}
