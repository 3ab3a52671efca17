import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { declareFlags } from './declare-flags.js';
import { configFileFlag, conformanceFlagTable, loadFlagTable } from './flag-table.js';
import { flagsLayer } from './flags-layer.js';
import { runConfigSchema } from './schema.js';

describe('flag tables', () => {
  it('take help text from the schema descriptions', () => {
    expect(conformanceFlagTable.suites.description).toBe(runConfigSchema.shape.suites.description);
    expect(conformanceFlagTable.keep.description).toBe('leave everything the run pushed in the registry');
    expect(loadFlagTable.verify.description).toBe('do not verify every uploaded and downloaded blob by digest');
  });

  it('leave verify to the config file unless --no-verify is given', () => {
    const command = new Command('x').exitOverride();
    declareFlags(command, loadFlagTable);
    command.parse([], { from: 'user' });
    expect(flagsLayer(command.opts()).values).toEqual({});
  });

  it('declare commander options whose parsed values feed the flags layer', () => {
    const command = new Command('x').exitOverride();
    declareFlags(command, { config: configFileFlag }, conformanceFlagTable, loadFlagTable);
    command.parse(
      ['-t', 'a=http://127.0.0.1:1', '--target', 'http://127.0.0.1:2', '-s', 'push', '--suite', 'pull', '--keep', '--run-id', 'r1', '--vus', '3', '--no-verify', '-c', 'f.yaml'],
      { from: 'user' },
    );
    const flags = command.opts();
    expect(flags).toMatchObject({ config: 'f.yaml', target: ['a=http://127.0.0.1:1', 'http://127.0.0.1:2'], suite: ['push', 'pull'] });
    expect(flagsLayer(flags).values).toEqual({
      targets: [{ name: 'a', url: 'http://127.0.0.1:1' }, { url: 'http://127.0.0.1:2' }],
      suites: ['push', 'pull'],
      keep: true,
      runId: 'r1',
      load: { vus: '3', verify: false },
    });
  });
});
