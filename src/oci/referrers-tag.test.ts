import { describe, expect, it } from 'vitest';
import { isValidTag } from './names.js';
import { digestOf } from './digest.js';
import { MediaType } from './media-types.js';
import { referrerDescriptorOf, referrersTagOf, withReferrer } from './referrers-tag.js';

describe('referrersTagOf', () => {
  // The three rows of the spec's "Referrers Tag Schema" table.
  it.each([
    [`sha256:${'a'.repeat(64)}`, `sha256-${'a'.repeat(64)}`],
    [`sha512:${'a'.repeat(128)}`, `sha512-${'a'.repeat(64)}`],
    [
      'test+algorithm+using+algorithm+separators+and+lots+of+characters+to+excercise+overall+truncation:alsoSome=InTheEncodedSectionToShowHyphenReplacementAndLotsAndLotsOfCharactersToExcerciseEncodedTruncation',
      'test-algorithm-using-algorithm-s-alsoSome-InTheEncodedSectionToShowHyphenReplacementAndLotsAndLot',
    ],
  ])('maps %s to %s, a valid tag', (digest, tag) => {
    expect(referrersTagOf(digest)).toBe(tag);
    expect(isValidTag(tag)).toBe(true);
  });

  it.each(['sha256', ':abc', 'sha256:', ''])('has no tag for %j, which is not algorithm:encoded', (digest) => {
    expect(referrersTagOf(digest)).toBeUndefined();
  });
});

/** A manifest as pushed: bytes, digest, media type. */
function pushed(document: Record<string, unknown>, mediaType: string = MediaType.ociManifest): { bytes: Uint8Array; digest: string; mediaType: string } {
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  return { bytes, digest: digestOf(bytes), mediaType };
}

describe('referrerDescriptorOf', () => {
  const config = { mediaType: 'application/vnd.example.config', digest: digestOf('c'), size: 1 };

  it('takes the manifest artifactType and copies every annotation', () => {
    const manifest = pushed({ artifactType: 'application/vnd.example.sig', config, annotations: { a: '1', b: '2' } });
    expect(referrerDescriptorOf(manifest)).toEqual({
      mediaType: MediaType.ociManifest,
      digest: manifest.digest,
      size: manifest.bytes.length,
      artifactType: 'application/vnd.example.sig',
      annotations: { a: '1', b: '2' },
    });
  });

  it('falls back to the config media type when artifactType is missing or empty', () => {
    expect(referrerDescriptorOf(pushed({ config })).artifactType).toBe('application/vnd.example.config');
    expect(referrerDescriptorOf(pushed({ artifactType: '', config })).artifactType).toBe('application/vnd.example.config');
  });

  it('omits artifactType for an index without one', () => {
    expect(referrerDescriptorOf(pushed({ manifests: [] }, MediaType.ociIndex))).not.toHaveProperty('artifactType');
  });
});

describe('withReferrer', () => {
  it('appends a new descriptor and never duplicates a digest', () => {
    const a = { mediaType: MediaType.ociManifest, digest: digestOf('a'), size: 1 };
    const b = { mediaType: MediaType.ociManifest, digest: digestOf('b'), size: 1 };
    expect(withReferrer([a], b)).toEqual([a, b]);
    expect(withReferrer([a, b], { ...a, size: 2 })).toEqual([a, b]);
  });
});
