import { ConfigError } from '../errors/index.js';
import type { SingleTargetValue } from './env-layer.js';
import { targetAccessFlags } from './flag-table.js';
import { longFlagName } from './flags-layer.js';

/**
 * The single-target values of `--username`, `--namespace`, the layout flags and `--password-stdin`. The password is read from
 * `readStdin` with one trailing newline removed, as `docker login --password-stdin` does; empty input is a ConfigError
 * naming the flag.
 */
export async function targetAccessValues(
  flags: Readonly<Record<string, unknown>>,
  readStdin: (() => Promise<string>) | undefined,
): Promise<SingleTargetValue[]> {
  const values: SingleTargetValue[] = [];
  const username = flags[targetAccessFlags.username.attribute];
  if (typeof username === 'string') {
    values.push({ label: longFlagName(targetAccessFlags.username), path: ['auth', 'username'], value: username });
  }
  const namespace = flags[targetAccessFlags.namespace.attribute];
  if (typeof namespace === 'string') {
    values.push({ label: longFlagName(targetAccessFlags.namespace), path: ['namespace'], value: namespace });
  }
  const plain = [
    [targetAccessFlags.layout, ['layout']],
    [targetAccessFlags.repositories, ['repositories']],
    [targetAccessFlags.preCreate, ['hooks', 'preCreate']],
    [targetAccessFlags.postDelete, ['hooks', 'postDelete']],
  ] as const;
  for (const [spec, path] of plain) {
    const value = flags[spec.attribute];
    if (typeof value === 'string') {
      values.push({ label: longFlagName(spec), path, value });
    }
  }
  if (flags[targetAccessFlags.passwordStdin.attribute] === true) {
    const label = longFlagName(targetAccessFlags.passwordStdin);
    const password = (readStdin === undefined ? '' : await readStdin()).replace(/\r?\n$/, '');
    if (password === '') {
      throw new ConfigError(`${label}: standard input held no password`, [], {
        hint: 'pipe the password in, e.g. printf %s "$PASSWORD" | regatta conformance … --password-stdin',
      });
    }
    values.push({ label, path: ['auth', 'password'], value: password });
  }
  return values;
}
