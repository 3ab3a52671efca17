import { describe, expect, it } from 'vitest';
import { redactConfig } from './redact-config.js';
import { runConfigSchema } from './schema.js';

describe('redactConfig', () => {
  it('replaces every password, token and password command, keeping the fact that they were set', () => {
    const config = runConfigSchema.parse({
      targets: [
        { name: 'basic', url: 'http://127.0.0.1:1', auth: { username: 'alice', password: 'pw-secret-1' } },
        { name: 'bearer', url: 'http://127.0.0.1:2', auth: { token: 'tok-secret-2' } },
        { name: 'command', url: 'http://127.0.0.1:3', auth: { username: 'bob', passwordCommand: 'echo cmd-secret-3' } },
        { name: 'anonymous', url: 'http://127.0.0.1:4' },
      ],
    });
    const redacted = redactConfig(config);
    const text = JSON.stringify(redacted);
    for (const secret of ['pw-secret-1', 'tok-secret-2', 'cmd-secret-3']) {
      expect(text).not.toContain(secret);
    }
    expect(redacted.targets.map((target) => target.auth)).toEqual([
      { username: 'alice', password: 'REDACTED' },
      { token: 'REDACTED' },
      { username: 'bob', passwordCommand: 'REDACTED' },
      {},
    ]);
    // Everything else is kept, and the input is not modified.
    expect(redacted.targets[0]?.url).toBe('http://127.0.0.1:1');
    expect(config.targets[0]?.auth.password).toBe('pw-secret-1');
  });
});
