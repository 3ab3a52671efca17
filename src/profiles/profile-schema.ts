/**
 * The expectation profile schema: what a user expects of one registry product, as data (YAML or JSON). The single
 * source of the profile's types, its validation and the JSON Schema printed by `regatta expect --schema`.
 */
import { z } from 'zod';
import { capabilityIds } from '../conformance/capabilities.js';

/** Kebab-case profile name (the file name of a shipped profile). */
const profileNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A public http(s) address: a deviation is only "known" when anyone can read why. */
const publicSource = z
  .string({ error: 'is required: a public URL (issue, doc) documenting the deviation' })
  .refine((text) => /^https?:\/\/[^\s/]+\.[^\s/]+/.test(text), 'must be a public http(s) URL documenting the deviation');

/** One documented deviation: checks that may fail or warn until `expires`. */
export const knownEntrySchema = z
  .strictObject({
    check: z
      .string()
      .min(1)
      .describe('a full check id (tags/list-sorted) or a glob over check ids (blob-upload/chunked-*)'),
    reason: z.string().min(1, 'must say why the registry deviates').describe('why the registry deviates, in one line'),
    source: publicSource.describe('public URL (issue, documentation) where the deviation is documented'),
    expires: z.iso
      .date({ error: 'is required: the last day (YYYY-MM-DD) the deviation is accepted' })
      .describe('last day (YYYY-MM-DD) the deviation is accepted; after it the check counts as a failure again'),
    intermittent: z
      .boolean()
      .default(false)
      .describe('the deviation shows only sometimes: a run where it passes does not report it as fixed'),
  })
  .describe('a documented deviation: matching checks that fail or warn are reported as known');

/**
 * Limits the registry is documented to have, each one used: the chunk limits set the target's PATCH sizes. (A manifest
 * size, a tag page size and a request rate were once accepted here and used by nothing, so a profile could promise
 * what no check or scenario honoured; they are refused now, until a check or the load pacing reads them.)
 */
export const profileLimitsSchema = z
  .strictObject({
    minChunkBytes: z.number().int().positive().optional().describe('smallest PATCH chunk except the last (ECR: 5 MiB)'),
    maxChunkBytes: z.number().int().positive().optional().describe('largest PATCH chunk (GHCR: 4 MiB)'),
  })
  .refine(
    (limits) => limits.minChunkBytes === undefined || limits.maxChunkBytes === undefined || limits.minChunkBytes <= limits.maxChunkBytes,
    { message: 'minChunkBytes is larger than maxChunkBytes', path: ['minChunkBytes'] },
  )
  .describe('documented limits');

/** How the product names repositories, beyond the spec's grammar: checked before a run pushes anything. */
export const namingSchema = z
  .strictObject({
    minComponents: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('fewest path components a repository name has (GAR: 3, project/repository/image)'),
    maxComponents: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('most path components a repository name may have (Docker Hub: 2, namespace/repo)'),
    rule: z.string().min(1, 'must state the rule').describe('the naming rule in one line, as the error message gives it'),
    source: publicSource.describe('public URL (vendor documentation, issue) where the rule is documented'),
  })
  .refine((naming) => naming.minComponents === undefined || naming.maxComponents === undefined || naming.minComponents <= naming.maxComponents, {
    message: 'minComponents is larger than maxComponents',
    path: ['minComponents'],
  })
  .describe("the product's repository naming rule");

/** A whole expectation profile. */
export const profileSchema = z
  .strictObject({
    name: z.string().regex(profileNamePattern, 'must be kebab-case').describe('profile name, e.g. zot or my-registry'),
    description: z.string().min(1).default('').describe('one line: which product and versions the profile describes'),
    requires: z
      .array(z.enum(capabilityIds))
      .default([])
      .describe('capability ids the registry must offer; one the probe finds absent fails the run, naming it'),
    known: z.array(knownEntrySchema).default([]).describe('documented deviations: reported as known, not failures'),
    limits: profileLimitsSchema.default({}),
    naming: namingSchema.optional(),
  })
  .describe('regatta expectation profile');

/** A validated profile (defaults applied). */
export type Profile = z.output<typeof profileSchema>;
/** A profile's naming rule. */
export type NamingRule = z.output<typeof namingSchema>;
/** One known-deviation entry. */
export type KnownEntry = z.output<typeof knownEntrySchema>;

/** The JSON Schema of a profile file, for editors and `regatta expect --schema`. */
export function profileJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(profileSchema, { io: 'input' }), null, 2)}\n`;
}
