import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labComponentNames, labComponents } from './lab-component.js';

describe('k6 is not part of the project', () => {
  it('is no lab component, and no component builds a go.k6.io module (k6 is AGPL: never built, downloaded or run)', () => {
    expect(labComponentNames as readonly string[]).not.toContain('k6');
    const modules = labComponents.map((component) => ('module' in component.recipe ? component.recipe.module : ''));
    expect(modules.filter((module) => module.startsWith('go.k6.io'))).toEqual([]);
    const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    expect(manifest).not.toMatch(/"k6"|go\.k6\.io/);
  });

  it('installs no k6 package: the only k6-named one is @types/k6 (MIT type declarations, for checking exported scripts)', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, unknown> };
    const k6Named = Object.keys(lock.packages).filter((path) => /(^|\/)x?k6([-/]|$)/.test(path.replace(/^node_modules\//, '')));
    expect(k6Named).toEqual(['node_modules/@types/k6']);
  });
});
