/**
 * Command-line options of the node runners in this folder (`npm run bench`, `bench:segments`, `compare:lab`). They are
 * parsed strictly, before any registry starts: an unknown option, a misspelt section or a value that is not a number
 * is exit 2 with one message naming the option, never a run that quietly measures something else. (Before, `--help`
 * started a full bench, and `--only conformace` ran no section at all and exited 0.)
 */
import { parseArgs } from 'node:util';
import { ExitCode } from '../model/exit-codes.js';

/** What a runner accepts: option name → string or boolean. */
type ScriptOptions = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** The parsed values: each string option a string, each boolean option a boolean, absent ones undefined. */
export type ScriptValues<O extends ScriptOptions> = {
  readonly [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

/** A parsed command line, with checked accessors for the values that must be numbers or lists. */
export interface ScriptArgs<O extends ScriptOptions> {
  readonly values: ScriptValues<O>;
  /** The option as a number of at least `min` (and an integer when `integer`), or `fallback` when absent. */
  number(name: keyof O & string, fallback: number, limits: { readonly min: number; readonly integer?: boolean }): number;
  /** The option as a comma-separated list, each item one of `allowed`, or `fallback` when absent. */
  list<T extends string>(name: keyof O & string, allowed: readonly T[], fallback: readonly T[]): readonly T[];
  /** The option as an http(s) URL, or undefined when absent. */
  url(name: keyof O & string): string | undefined;
  /** The option as one of `allowed`, or `fallback` when absent. */
  oneOf<T extends string>(name: keyof O & string, allowed: readonly T[], fallback: T): T;
}

/** Prints `message` and the usage to stderr and exits 2 (a usage error, as the CLI's). */
function failUsage(script: string, usage: string, message: string): never {
  process.stderr.write(`${script}: ${message}\n\n${usage}`);
  process.exit(ExitCode.usage);
}

/**
 * Parses `argv` against `options` (plus `--help`/`-h`, which prints `usage` and exits 0). Any problem, here or in a
 * later accessor, prints one message naming the option, then the usage, and exits 2.
 */
export function parseScriptArgs<O extends ScriptOptions>(
  script: string,
  usage: string,
  options: O,
  argv: readonly string[] = process.argv.slice(2),
): ScriptArgs<O> {
  let parsed: Record<string, string | boolean | undefined>;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return failUsage(script, usage, error instanceof Error ? error.message : String(error));
  }
  if (parsed['help'] === true) {
    process.stdout.write(usage);
    process.exit(ExitCode.ok);
  }
  const text = (name: string): string | undefined => {
    const value = parsed[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    values: parsed as ScriptValues<O>,
    number(name, fallback, limits) {
      const raw = text(name);
      if (raw === undefined) {
        return fallback;
      }
      const value = Number(raw);
      const whole = limits.integer === true;
      if (raw.trim() === '' || !Number.isFinite(value) || value < limits.min || (whole && !Number.isInteger(value))) {
        return failUsage(script, usage, `--${name} must be ${whole ? 'a whole number' : 'a number'} of at least ${limits.min}, got "${raw}"`);
      }
      return value;
    },
    list(name, allowed, fallback) {
      const raw = text(name);
      if (raw === undefined) {
        return fallback;
      }
      const items = raw.split(',').map((item) => item.trim());
      const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
      if (unknown.length > 0 || items.length === 0) {
        return failUsage(script, usage, `--${name} takes a comma-separated list of ${allowed.join(', ')}; unknown: ${unknown.map((item) => `"${item}"`).join(', ')}`);
      }
      return items as (typeof fallback)[number][];
    },
    url(name) {
      const raw = text(name);
      if (raw !== undefined && !(URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol))) {
        return failUsage(script, usage, `--${name} must be an http:// or https:// URL, got "${raw}"`);
      }
      return raw;
    },
    oneOf(name, allowed, fallback) {
      const raw = text(name);
      if (raw === undefined) {
        return fallback;
      }
      if (!(allowed as readonly string[]).includes(raw)) {
        return failUsage(script, usage, `--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      }
      return raw as typeof fallback;
    },
  };
}
