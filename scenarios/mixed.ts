/**
 * mixed: read-heavy traffic like a production registry — 90% image pulls, 10% pushes of new images.
 *
 * Layer sizes are drawn from a log-normal distribution with a median of about 4 MB and a 90th percentile of about
 * 63 MB (compressed), the figures this project's load issue takes from the Docker Hub layer-size study:
 * N. Zhao et al., "Large-Scale Analysis of the Docker Hub Dataset", IEEE CLUSTER 2019, doi:10.1109/CLUSTER.2019.8891000
 * (layer size characterisation, §IV). The exact percentiles were not re-read from the paper's figures while writing
 * this file; treat them as approximate. For local runs the sizes are scaled by `scale` (1/8) and capped, so a laptop
 * run keeps the shape of the distribution without moving tens of GB.
 */
import { defineScenario, MiB } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'mixed',
  description: 'Read-heavy mix (90% image pulls, 10% pushes), Docker Hub layer-size distribution scaled by 1/8',
  executor: { type: 'constant-vus', vus: 8, durationMs: 30_000 },
  flow: {
    kind: 'mixed',
    readRatio: 0.9,
    medianBytes: 4_000_000,
    p90Bytes: 63_000_000,
    scale: 1 / 8,
    maxLayerBytes: 64 * MiB,
    layersPerImage: 4,
    images: 8,
  },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<10s' },
});
