import { describe, expect, it } from 'vitest';
import { imageManifestDocument, indexDocument } from './manifest.js';
import { MediaType } from './media-types.js';

const config = { mediaType: MediaType.ociConfig, digest: `sha256:${'a'.repeat(64)}`, size: 2 };
const layer = { mediaType: MediaType.ociLayerTar, digest: `sha256:${'b'.repeat(64)}`, size: 3 };

describe('manifest documents', () => {
  it('serialise in the fixed key order, leaving absent fields out (the bytes and digests repeat)', () => {
    expect(JSON.stringify(imageManifestDocument(config, [layer]))).toBe(
      `{"schemaVersion":2,"mediaType":"${MediaType.ociManifest}","config":${JSON.stringify(config)},"layers":[${JSON.stringify(layer)}]}`,
    );
    const subject = { mediaType: MediaType.ociManifest, digest: `sha256:${'c'.repeat(64)}`, size: 9 };
    const full = imageManifestDocument(config, [], { annotations: { a: '1' }, subject, artifactType: 'application/x' });
    expect(Object.keys(full)).toEqual(['schemaVersion', 'mediaType', 'artifactType', 'config', 'layers', 'subject', 'annotations']);
  });

  it('build Docker schema 2 and manifest lists when given their media type', () => {
    expect(imageManifestDocument(config, [layer], { mediaType: MediaType.dockerManifest })['mediaType']).toBe(MediaType.dockerManifest);
    const list = indexDocument([{ ...config, platform: { architecture: 'amd64', os: 'linux' } }], { mediaType: MediaType.dockerManifestList });
    expect(Object.keys(list)).toEqual(['schemaVersion', 'mediaType', 'manifests']);
    expect(list['mediaType']).toBe(MediaType.dockerManifestList);
    expect(indexDocument([])['mediaType']).toBe(MediaType.ociIndex);
  });
});
