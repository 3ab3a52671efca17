import { describe, expect, it } from 'vitest';
import { runConfigSchema } from './schema.js';

/** The first issue of parsing `load` (as flags or a config file give it), as `path: message`, or 'ok'. */
function loadIssue(load: Record<string, unknown>): string {
  const parsed = runConfigSchema.safeParse({ targets: [{ url: 'http://127.0.0.1:5000' }], load });
  if (parsed.success) {
    return 'ok';
  }
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`;
}

describe('load settings: units and bounds (exit 2 naming the setting)', () => {
  it('a duration needs a unit, from a flag string or a YAML number alike', () => {
    expect(loadIssue({ duration: '5' })).toBe('load.duration: "5" has no unit; write 5s for seconds (units: ms, s, m, h)');
    expect(loadIssue({ duration: 30 })).toBe('load.duration: "30" has no unit; write 30s for seconds (units: ms, s, m, h)');
    expect(loadIssue({ duration: '30s' })).toBe('ok');
  });

  it('zero, negative and absurd values are refused', () => {
    expect(loadIssue({ vus: '0' })).toBe('load.vus: must be greater than 0');
    expect(loadIssue({ vus: '100000' })).toBe('load.vus: must be at most 1000 (virtual users)');
    expect(loadIssue({ threads: '999' })).toBe('load.threads: must be at most 64 (threads)');
    expect(loadIssue({ rate: '-1' })).toBe('load.rate: must be greater than 0');
    expect(loadIssue({ size: '-5MiB' })).toContain('load.size: "-5MiB" is not a positive size');
    expect(loadIssue({ size: '1PB' })).toBe('load.size: "1PB" is larger than the limit of 64GiB per blob');
    expect(loadIssue({ duration: '99999999h' })).toBe('load.duration: "99999999h" is longer than the limit of 24h');
    expect(loadIssue({ duration: '0s' })).toBe('load.duration: must be greater than 0');
    expect(loadIssue({ vus: '1000', threads: '64', size: '64GiB', duration: '24h', rate: '100000' })).toBe('ok');
  });
});
