import { z } from 'zod';
import { runResultSchema } from '../../src/model/index.js';

/**
 * JSON Schema of `results.json`, generated from the zod model so it never drifts. Written beside results.json as
 * `results.schema.json` and printed by `regatta report --schema`.
 */
export function runResultJsonSchema(): string {
  const schema = z.toJSONSchema(runResultSchema, { target: 'draft-2020-12', io: 'output' });
  return `${JSON.stringify({ ...schema, title: 'regatta RunResult', $id: 'https://regatta.invalid/results.schema.json' }, null, 2)}\n`;
}
