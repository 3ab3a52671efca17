/** A path into the config object, as zod reports it. */
export type ConfigPath = readonly PropertyKey[];

/** `['targets', 0, 'url']` → `targets[0].url`: the spelling a user types in a config file. */
export function formatConfigPath(path: ConfigPath): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') {
      text += `[${key}]`;
    } else {
      const name = String(key);
      text += text === '' ? name : `.${name}`;
    }
  }
  return text;
}

/** True when `prefix` is a prefix of `path`. */
export function isPathPrefix(prefix: ConfigPath, path: ConfigPath): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => key === path[index]);
}
