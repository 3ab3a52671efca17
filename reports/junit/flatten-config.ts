/**
 * Flattens the redacted config into `dotted.path → value` pairs for JUnit `<properties>` (JUnit properties are flat).
 * Arrays use their index as a path segment; scalars are stringified.
 */
export function flattenConfig(config: Readonly<Record<string, unknown>>): [string, string][] {
  const pairs: [string, string][] = [];
  const visit = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((child, index) => [String(index), child] as const) : Object.entries(value);
      if (entries.length === 0) {
        pairs.push([path, Array.isArray(value) ? '[]' : '{}']);
      }
      for (const [key, child] of entries) {
        visit(child, path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    pairs.push([path, typeof value === 'string' ? value : (JSON.stringify(value) ?? '')]);
  };
  visit(config, '');
  return pairs.filter(([path]) => path !== '');
}
