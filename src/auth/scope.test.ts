import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScope, mergeScopes, parseScope, repositoryScope, scopeCovers } from './scope.js';

describe('scopes', () => {
  it('keeps a host:port inside the resource name', () => {
    expect(parseScope('repository:localhost:5000/team/app:pull,push')).toEqual({
      type: 'repository',
      name: 'localhost:5000/team/app',
      actions: ['pull', 'push'],
    });
  });

  it.each(['', 'repository', 'repository:app', 'repository:app:', ':app:pull'])('rejects %j', (text) => {
    expect(parseScope(text)).toBeUndefined();
  });

  it('widens pull to pull,push on one resource and keeps a mount source apart', () => {
    const merged = mergeScopes([
      repositoryScope('a', ['pull']),
      repositoryScope('a', ['push']),
      repositoryScope('b', ['pull']),
    ]);
    expect(merged.map(formatScope)).toEqual(['repository:a:pull,push', 'repository:b:pull']);
  });

  it('knows what a grant covers, including the * action', () => {
    const granted = [repositoryScope('a', ['pull']), repositoryScope('b', ['*'])];
    expect(scopeCovers(granted, repositoryScope('a', ['pull']))).toBe(true);
    expect(scopeCovers(granted, repositoryScope('a', ['pull', 'push']))).toBe(false);
    expect(scopeCovers(granted, repositoryScope('b', ['delete']))).toBe(true);
    expect(scopeCovers(granted, repositoryScope('c', ['pull']))).toBe(false);
  });

  it('round-trips formatted scopes (property)', () => {
    const name = fc.stringMatching(/^[a-z0-9]+(:[0-9]{2,5})?(\/[a-z0-9]+){0,3}$/);
    const actions = fc.uniqueArray(fc.constantFrom('pull', 'push', 'delete', '*'), { minLength: 1 });
    fc.assert(
      fc.property(name, actions, (resource, wanted) => {
        const scope = repositoryScope(resource, [...wanted].sort());
        expect(parseScope(formatScope(scope))).toEqual(scope);
      }),
    );
  });
});
