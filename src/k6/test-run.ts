/**
 * The k6-operator `TestRun` (k6.io/v1alpha1) beside an exported script: k6-operator cuts the script's scenario into
 * `parallelism` execution segments, one runner pod each, reading the script from a ConfigMap. The schema here is
 * written from k6-operator's documentation of the TestRun CRD (spec.parallelism and spec.script required; script
 * from a configMap, volumeClaim or localFile; arguments, separate, cleanup, runner with image and env) and is strict,
 * so a misspelt field is caught in the tests rather than ignored by the cluster.
 */
import { z } from 'zod';

const envVarSchema = z.strictObject({
  name: z.string().min(1),
  value: z.string().optional(),
  valueFrom: z
    .strictObject({
      secretKeyRef: z.strictObject({ name: z.string().min(1), key: z.string().min(1), optional: z.boolean().optional() }).optional(),
      configMapKeyRef: z.strictObject({ name: z.string().min(1), key: z.string().min(1), optional: z.boolean().optional() }).optional(),
    })
    .optional(),
});

/** A TestRun as k6-operator documents it (the fields regatta writes, and their documented alternatives). */
export const testRunSchema = z.strictObject({
  apiVersion: z.literal('k6.io/v1alpha1'),
  kind: z.literal('TestRun'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 name').max(63),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    parallelism: z.number().int().positive(),
    script: z.union([
      z.strictObject({ configMap: z.strictObject({ name: z.string().min(1), file: z.string().min(1) }) }),
      z.strictObject({ volumeClaim: z.strictObject({ name: z.string().min(1), file: z.string().min(1), readOnly: z.boolean().optional() }) }),
      z.strictObject({ localFile: z.string().min(1) }),
    ]),
    arguments: z.string().optional(),
    separate: z.boolean().optional(),
    cleanup: z.literal('post').optional(),
    runner: z
      .strictObject({
        image: z.string().optional(),
        env: z.array(envVarSchema).optional(),
        metadata: z.strictObject({ labels: z.record(z.string(), z.string()).optional() }).optional(),
      })
      .optional(),
  }),
});

/** A TestRun. */
export type TestRun = z.infer<typeof testRunSchema>;

/** Options of {@link exportTestRun}. */
export interface TestRunOptions {
  /** DNS-1123 name of the TestRun (and prefix of its ConfigMap). */
  readonly name: string;
  readonly parallelism: number;
  /** File name of the script inside the ConfigMap. */
  readonly scriptFile: string;
  /** The registry URL; without it the runners read `REGATTA_TARGET` from the Secret's key `target`. */
  readonly targetUrl?: string;
  readonly runId: string;
  readonly namespace?: string;
  /** A Secret with optional keys username, password, token. */
  readonly secret?: string;
}

/** The TestRun of an exported script, its ConfigMap named `<name>-script`. */
export function exportTestRun(options: TestRunOptions): TestRun {
  const fromSecret = (name: string, key: string): z.infer<typeof envVarSchema> => ({
    name,
    valueFrom: { secretKeyRef: { name: options.secret ?? '', key, optional: true } },
  });
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: options.name, labels: { 'app.kubernetes.io/name': 'regatta', 'regatta.dev/run-id': options.runId } },
    spec: {
      parallelism: options.parallelism,
      script: { configMap: { name: `${options.name}-script`, file: options.scriptFile } },
      runner: {
        env: [
          ...(options.targetUrl !== undefined
            ? [{ name: 'REGATTA_TARGET', value: options.targetUrl }]
            : options.secret === undefined
              ? []
              : [{ name: 'REGATTA_TARGET', valueFrom: { secretKeyRef: { name: options.secret, key: 'target', optional: false } } }]),
          { name: 'REGATTA_RUN_ID', value: options.runId },
          ...(options.namespace === undefined ? [] : [{ name: 'REGATTA_NAMESPACE', value: options.namespace }]),
          ...(options.secret === undefined
            ? []
            : [fromSecret('REGATTA_USERNAME', 'username'), fromSecret('REGATTA_PASSWORD', 'password'), fromSecret('REGATTA_TOKEN', 'token')]),
        ],
      },
    },
  };
}
