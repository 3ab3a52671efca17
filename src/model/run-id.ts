import { randomBytes } from 'node:crypto';

/**
 * A short run id, lowercase base-36, valid as a repository path component: 4 characters of time (so ids sort
 * roughly by start within a day) and 4 random ones.
 */
export function createRunId(now: number = Date.now()): string {
  const time = (now % 36 ** 4).toString(36).padStart(4, '0');
  const random = [...randomBytes(4)].map((byte) => (byte % 36).toString(36)).join('');
  return `${time}${random}`;
}

/** The run namespace `<prefix>/regatta-<runid>` (no prefix: `regatta-<runid>`). Everything a run pushes lives in it. */
export function runNamespace(prefix: string, runId: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? `regatta-${runId}` : `${trimmed}/regatta-${runId}`;
}

/** The prefix of every tag a run pushes to shared (fixed-layout) repositories: `regatta-<runid>`. */
export function runTagPrefixOf(runId: string): string {
  return `regatta-${runId}`;
}
