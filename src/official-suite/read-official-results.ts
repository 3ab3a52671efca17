import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { redactText } from '../client/redact.js';
import { ConfigError } from '../errors/index.js';
import { worst, type OfficialArea, type OfficialFailure, type OfficialSuiteResult, type Status } from '../model/index.js';
import { parseOfficialJunit, type OfficialJunit } from './official-junit.js';

/** The official suite's status words (results.yaml) in regatta's words. */
const statusWords: Readonly<Record<string, Status>> = {
  pass: 'passed',
  fail: 'failed',
  skip: 'skipped',
  disabled: 'disabled',
  error: 'errored',
};

/** The part of results.yaml regatta reads: the redacted config it ran with, and a verdict per API and content set. */
const resultsYamlSchema = z.object({
  config: z.object({
    registry: z.string(),
    version: z.string(),
    commit: z.string().optional(),
    apis: z.record(z.string(), z.unknown()),
    data: z.record(z.string(), z.unknown()),
  }),
  apis: z.record(z.string(), z.string()),
  data: z.record(z.string(), z.string()),
});

type ResultsYaml = z.infer<typeof resultsYamlSchema>;

/** Reads `file` as text, or undefined when it does not exist; any other read error names the file. */
async function readOptional(file: string, setting: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new ConfigError(`${setting}: cannot read ${file}: ${(cause as Error).message}`, [], { cause });
  }
}

/** Every boolean toggle of a nested map, flattened to dotted names (`apis.blobs.delete`). */
function flattenToggles(prefix: string, value: unknown, into: Record<string, boolean>): void {
  if (typeof value === 'boolean') {
    into[prefix] = value;
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flattenToggles(`${prefix}.${key}`, child, into);
    }
  }
}

/** The verdicts of one results.yaml map; an unknown status word is a bad file, named. */
function areas(kind: OfficialArea['kind'], map: Readonly<Record<string, string>>, file: string): OfficialArea[] {
  return Object.entries(map).map(([name, word]) => {
    const status = statusWords[word.toLowerCase()];
    if (status === undefined) {
      throw new ConfigError(`RESULTS_DIR: ${file} gives ${kind} "${name}" the unknown status "${word}"`);
    }
    return { kind, name, status };
  });
}

/** Parses results.yaml, or throws a ConfigError naming the file and what is missing. */
function parseResultsYaml(text: string, file: string): ResultsYaml {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`RESULTS_DIR: ${file} is not YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`, [], { cause });
  }
  const parsed = resultsYamlSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined ? '' : ` (${first.path.map(String).join('.') || '(root)'}: ${first.message})`;
    throw new ConfigError(`RESULTS_DIR: ${file} is not the official OCI conformance suite's results.yaml${where}`, [], { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Reads the results directory the official OCI conformance suite wrote (`OCI_RESULTS_DIR`): results.yaml for the
 * settings and the verdict per API and content set, junit.xml for per-test counts and the failing tests' messages.
 * Either file alone is enough (junit.xml alone cannot name the registry or the spec version: they read `unknown`).
 * Messages are redacted like regatta's own transcripts. Throws a ConfigError (exit 2) naming the directory or the
 * file when neither is there or one is not what the suite writes.
 */
export async function readOfficialResults(dir: string): Promise<OfficialSuiteResult> {
  const yamlFile = join(dir, 'results.yaml');
  const junitFile = join(dir, 'junit.xml');
  const [yamlText, junitText] = [await readOptional(yamlFile, 'RESULTS_DIR'), await readOptional(junitFile, 'RESULTS_DIR')];
  if (yamlText === undefined && junitText === undefined) {
    throw new ConfigError(`RESULTS_DIR: ${dir} has neither results.yaml nor junit.xml (the official suite writes them to OCI_RESULTS_DIR)`);
  }
  const yaml = yamlText === undefined ? undefined : parseResultsYaml(yamlText, yamlFile);
  const junit: OfficialJunit | undefined = junitText === undefined ? undefined : parseOfficialJunit(junitText, junitFile);
  const settings: Record<string, boolean> = {};
  flattenToggles('apis', yaml?.config.apis, settings);
  flattenToggles('data', yaml?.config.data, settings);
  const verdicts = yaml === undefined ? [] : [...areas('api', yaml.apis, yamlFile), ...areas('data', yaml.data, yamlFile)];
  const failures: OfficialFailure[] = (junit?.failures ?? []).map((failure) => ({ ...failure, message: redactText(failure.message) }));
  const testStatuses: Status[] = junit === undefined ? [] : [...(junit.counts.passed > 0 ? ['passed' as const] : []), ...failures.map((failure) => failure.status)];
  return {
    source: dir,
    registry: yaml?.config.registry ?? 'unknown',
    specVersion: yaml?.config.version ?? 'unknown',
    ...(yaml?.config.commit === undefined ? {} : { commit: yaml.config.commit }),
    status: worst([...verdicts.map((area) => area.status), ...testStatuses]),
    settings,
    areas: verdicts,
    ...(junit === undefined ? {} : { tests: junit.counts }),
    failures,
  };
}
