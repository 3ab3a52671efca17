import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { fixtureRun } from '../test-support/fixture-run.js';
import { loadRunResult } from './load-run-result.js';
import { runResultJsonSchema } from './run-result-json-schema.js';
import { serializeRunResult } from './serialize-run-result.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-json-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serializeRunResult', () => {
  it('sorts keys so equal runs give identical bytes whatever the key order', () => {
    const run = fixtureRun();
    const reordered = Object.fromEntries(Object.entries(run).reverse()) as typeof run;
    expect(serializeRunResult(reordered)).toBe(serializeRunResult(run));
    const text = serializeRunResult(run);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object).slice(0, 3)).toEqual(['config', 'durationMs', 'endedAt']);
  });

  it('refuses a run that breaks the model', () => {
    const broken = { ...fixtureRun(), startedAt: 'yesterday' };
    expect(() => serializeRunResult(broken)).toThrow(/startedAt/);
  });
});

describe('loadRunResult', () => {
  it('round-trips a serialised run', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, serializeRunResult(fixtureRun()));
    expect(await loadRunResult(path)).toEqual(fixtureRun());
  });

  it('names the file and the problem for missing, non-JSON and wrong-shape files', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadRunResult(missing)).rejects.toThrow(new ConfigError(`cannot read results file ${missing}: no such file`));
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '<html>');
    await expect(loadRunResult(notJson)).rejects.toThrow(`results file ${notJson} is not JSON, nor a log with a line starting "regatta-result"`);
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify({ ...fixtureRun(), schemaVersion: 9, targets: 'x' }));
    const error = await loadRunResult(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('OCI_CONFIG_INVALID');
    expect((error as ConfigError).message).toBe(`results file ${wrong} is not a regatta RunResult (schemaVersion: Invalid input: expected 1, and 1 more)`);
  });
});

describe('runResultJsonSchema', () => {
  it('describes results.json: required top-level fields and the status enum', () => {
    const schema = JSON.parse(runResultJsonSchema()) as { required: string[]; properties: Record<string, { enum?: string[] }> };
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'runId', 'targets', 'environment']));
    expect(schema.properties['status']?.enum).toEqual(['disabled', 'skipped', 'passed', 'known', 'warned', 'failed', 'errored']);
  });

  it('describes every field, and every number with its unit', () => {
    const unit = /milliseconds|microseconds|seconds|bytes|MB\/s|req\/s|ops\/s|a count|each a count|integer|fraction|status code|unitless/;
    const missing: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((child, index) => visit(child, `${path}[${index}]`));
        return;
      }
      if (node === null || typeof node !== 'object') {
        return;
      }
      const schema = node as { properties?: Record<string, { description?: string; type?: string }> };
      for (const [name, field] of Object.entries(schema.properties ?? {})) {
        const description = field.description ?? '';
        if (description === '') {
          missing.push(`${path}.${name}: no description`);
        } else if ((field.type === 'number' || field.type === 'integer') && !unit.test(description)) {
          missing.push(`${path}.${name}: no unit in "${description}"`);
        }
      }
      for (const [key, child] of Object.entries(node)) {
        visit(child, key === 'properties' ? path : `${path}/${key}`);
      }
    };
    visit(JSON.parse(runResultJsonSchema()), '');
    expect(missing).toEqual([]);
  });
});
