/**
 * Coercion shared by the config schemas: commander and env vars hand us strings, and these preprocessors turn them
 * into numbers and booleans before zod judges them.
 */
import { z } from 'zod';

/** Kebab-case identifier: target names, run ids, scenario ids. */
export const kebabCasePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Numbers from strings ("30000" from a flag or env var); anything else passes through for zod to reject. */
export function coerceNumber(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Booleans from the strings env vars and flags carry: true/false/1/0/yes/no. */
export function coerceBoolean(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) {
    return true;
  }
  if (['false', '0', 'no'].includes(text)) {
    return false;
  }
  return value;
}

/** A positive whole number, accepting numeric strings. */
export function positiveInteger(what: string): z.ZodType<number> {
  return z.preprocess(
    coerceNumber,
    z.number({ error: `must be a number (${what})` }).int('must be a whole number').positive('must be greater than 0'),
  );
}

/** A boolean, accepting true/false/1/0/yes/no strings. */
export const booleanLike = z.preprocess(coerceBoolean, z.boolean({ error: 'must be true or false' })) as z.ZodType<boolean>;
