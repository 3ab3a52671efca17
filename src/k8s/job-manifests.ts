/**
 * The Kubernetes Jobs of one exported distributed run (issue 16, item 3): Kubernetes is the distributed engine, regatta
 * only runs inside it. A set-up Job pushes the pools once; an Indexed Job runs N pods, pod `JOB_COMPLETION_INDEX` i
 * running share i+1 of N, all started together at the instant in a ConfigMap (`--start-at`); a teardown Job deletes
 * what the run wrote. Each run pod prints its result as one `regatta-result` line, gathered with `kubectl logs` and
 * merged by `regatta report --merge-shares`. Plain objects of the `batch/v1` API; the tests validate them against
 * the pinned Kubernetes schemas.
 */
import { benchArgv, type ExportedBench } from './bench-argv.js';

/** A Kubernetes object as plain JSON-able data. */
export type KubernetesObject = Readonly<Record<string, unknown>>;

/** Options of {@link exportJobs}. */
export interface JobExportOptions {
  readonly bench: ExportedBench;
  /** How many shares (pods) run the measured phase at once. */
  readonly parallelism: number;
  /** The runner image (built from the exported Dockerfile). */
  readonly image: string;
  /** A Secret with optional keys `username`, `password`, `token` for the registry; none: anonymous. */
  readonly secret?: string;
}

/** The user the runner image runs as: `node` (uid 1000) of the official Node images, never root. */
export const runnerUid = 1000;

/** The name every object of the run starts with (DNS-1123, short enough for `-teardown` and a pod suffix). */
export function jobBaseName(bench: ExportedBench): string {
  const base = `regatta-${bench.scenario}-${bench.runId}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-');
  return base.slice(0, 40).replace(/-+$/, '');
}

/** Names of the objects of one run. */
export interface JobNames {
  readonly setup: string;
  readonly run: string;
  readonly teardown: string;
  /** ConfigMap holding the start instant (`start-at`), created right before the run Job. */
  readonly start: string;
}

/** See {@link JobNames}. */
export function jobNames(bench: ExportedBench): JobNames {
  const base = jobBaseName(bench);
  return { setup: `${base}-setup`, run: `${base}-run`, teardown: `${base}-teardown`, start: `${base}-start` };
}

/**
 * The pods' working directory, an emptyDir (the root file system is read-only); a run pod writes its reports here
 * with `--out .`, so the same command run locally writes into its own working directory.
 */
const workDir = '/results';

/** Credentials from the Secret, each optional, in the variables regatta reads. */
function credentialEnv(secret: string | undefined): KubernetesObject[] {
  if (secret === undefined) {
    return [];
  }
  const fromSecret = (name: string, key: string): KubernetesObject => ({ name, valueFrom: { secretKeyRef: { name: secret, key, optional: true } } });
  return [fromSecret('OCI_USERNAME', 'username'), fromSecret('OCI_PASSWORD', 'password'), fromSecret('REGATTA_TOKEN', 'token')];
}

/** One Job whose single container runs `command`. */
function job(name: string, options: JobExportOptions, command: readonly string[], extra: { spec?: KubernetesObject; env?: KubernetesObject[]; component: string }): KubernetesObject {
  const labels = { 'app.kubernetes.io/name': 'regatta', 'app.kubernetes.io/component': extra.component, 'regatta.dev/run-id': options.bench.runId };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      backoffLimit: 0,
      ...extra.spec,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: runnerUid, runAsGroup: runnerUid, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'regatta',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              workingDir: workDir,
              command: [...command],
              env: [{ name: 'NO_COLOR', value: '1' }, ...credentialEnv(options.secret), ...(extra.env ?? [])],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'results', mountPath: workDir },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'results', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}

/**
 * The run pod's command: share `JOB_COMPLETION_INDEX + 1` of N (the index is 0-based, segments 1-based, and a
 * container's args cannot do arithmetic, hence `sh -c`; the bench arguments follow as "$@", unquoted by nothing).
 */
export function runPodCommand(bench: ExportedBench, parallelism: number): string[] {
  const script = `exec regatta "$@" --segment "$((JOB_COMPLETION_INDEX + 1))/${parallelism}" --start-at "$REGATTA_START_AT" --result-line --out .`;
  return ['sh', '-c', script, 'regatta', ...benchArgv(bench)];
}

/** The set-up, run and teardown Jobs of one distributed run. */
export function exportJobs(options: JobExportOptions): { setup: KubernetesObject; run: KubernetesObject; teardown: KubernetesObject } {
  const names = jobNames(options.bench);
  const argv = benchArgv(options.bench);
  return {
    setup: job(names.setup, options, ['regatta', ...argv, '--phase', 'setup'], { component: 'setup', spec: { backoffLimit: 2 } }),
    run: job(names.run, options, runPodCommand(options.bench, options.parallelism), {
      component: 'run',
      // A retried share would be measured twice, at another time: a failed share fails the run instead.
      spec: { completionMode: 'Indexed', completions: options.parallelism, parallelism: options.parallelism, backoffLimit: 0 },
      env: [{ name: 'REGATTA_START_AT', valueFrom: { configMapKeyRef: { name: names.start, key: 'start-at' } } }],
    }),
    teardown: job(names.teardown, options, ['regatta', ...argv, '--phase', 'teardown'], { component: 'teardown', spec: { backoffLimit: 2 } }),
  };
}
