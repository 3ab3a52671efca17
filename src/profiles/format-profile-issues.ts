import type { z } from 'zod';
import type { ConfigIssue } from '../errors/index.js';

/** zod issues of a profile as config issues: `known[2].expires: is required: …`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`),
      '',
    ) || '(profile)',
    message: issue.message,
  }));
}
