import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseScriptArgs } from './script-args.js';

const usage = 'Usage: bench [--only LIST] [--seconds N]\n';
const options = { only: { type: 'string' }, seconds: { type: 'string' }, quick: { type: 'boolean' }, target: { type: 'string' } } as const;
const sections = ['pull', 'push', 'conformance'] as const;

/** What the script printed and the exit code it asked for, when it asked to exit. */
let stderr = '';
let stdout = '';

beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((text) => ((stderr += String(text)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => ((stdout += String(text)), true));
  // process.exit stops the script; here it throws, so the test sees the code and nothing runs past it.
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${String(code)}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseScriptArgs (the bench runners)', () => {
  it('reads options, with fallbacks for the absent ones', () => {
    const args = parseScriptArgs('bench', usage, options, ['--only', 'push,conformance', '--quick']);
    expect(args.list('only', sections, sections)).toEqual(['push', 'conformance']);
    expect(args.values.quick).toBe(true);
    expect(args.number('seconds', 10, { min: 1 })).toBe(10);
    expect(args.url('target')).toBeUndefined();
    expect(parseScriptArgs('bench', usage, options, []).list('only', sections, sections)).toEqual(sections);
  });

  it('prints the usage for --help and exits 0 without running anything', () => {
    expect(() => parseScriptArgs('bench', usage, options, ['--help'])).toThrow('exit 0');
    expect(stdout).toBe(usage);
    expect(stderr).toBe('');
  });

  it.each([
    [['--bogus'], /^bench: Unknown option '--bogus'/],
    [['extra'], /^bench: Unexpected argument 'extra'/],
    [['--seconds'], /^bench: Option '--seconds <value>' argument missing/],
  ])('exits 2 naming the problem for %j', (argv, message) => {
    expect(() => parseScriptArgs('bench', usage, options, argv)).toThrow('exit 2');
    expect(stderr).toMatch(message);
    expect(stderr).toContain(usage);
  });

  it('exits 2 when a list names an unknown item, rather than running none of them', () => {
    const args = parseScriptArgs('bench', usage, options, ['--only', 'conformace']);
    expect(() => args.list('only', sections, sections)).toThrow('exit 2');
    expect(stderr).toMatch(/^bench: --only takes a comma-separated list of pull, push, conformance; unknown: "conformace"\n/);
  });

  it.each([
    [['--seconds', 'x'], { min: 1 }, '--seconds must be a number of at least 1, got "x"'],
    [['--seconds', '0'], { min: 1 }, '--seconds must be a number of at least 1, got "0"'],
    [['--seconds', '2.5'], { min: 1, integer: true }, '--seconds must be a whole number of at least 1, got "2.5"'],
    [['--seconds', ''], { min: 0 }, '--seconds must be a number of at least 0, got ""'],
  ])('exits 2 for %j as a number %j', (argv, limits, message) => {
    const args = parseScriptArgs('bench', usage, options, argv);
    expect(() => args.number('seconds', 10, limits)).toThrow('exit 2');
    expect(stderr.split('\n')[0]).toBe(`bench: ${message}`);
  });

  it('takes only http(s) URLs and known names', () => {
    expect(parseScriptArgs('bench', usage, options, ['--target', 'http://127.0.0.1:5000']).url('target')).toBe('http://127.0.0.1:5000');
    expect(() => parseScriptArgs('bench', usage, options, ['--target', '127.0.0.1:5000']).url('target')).toThrow('exit 2');
    expect(stderr).toContain('--target must be an http:// or https:// URL, got "127.0.0.1:5000"');
    expect(parseScriptArgs('bench', usage, options, ['--only', 'pull']).oneOf('only', sections, 'push')).toBe('pull');
    expect(() => parseScriptArgs('bench', usage, options, ['--only', 'crane']).oneOf('only', sections, 'push')).toThrow('exit 2');
    expect(stderr).toContain('--only must be one of pull, push, conformance, got "crane"');
  });
});
