import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { findPackageRoot } from '../../src/package/package-root.js';
import type { Comparison } from '../../src/compare/comparison.js';
import { toCompareView, type CompareView } from './compare-view.js';

/** Our own stylesheet (never registry data): the two runs side by side, regressions and verdicts coloured. */
const css = `body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1400px;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f6f8fa}code{font-size:12px;word-break:break-all}.title{color:#57606a;font-size:12px}
.verdict{font-weight:600;padding:.4rem .6rem;border-radius:4px;display:inline-block}.good{background:#dafbe1}.bad{background:#ffebe9}
.verdict-regression{background:#ffebe9}.verdict-improvement{background:#dafbe1}.verdict-not-judged{background:#fff8c5}`;

type Template = (context: { readonly view: CompareView; readonly css: string }) => string;
let compiled: Template | undefined;

/** The page template, compiled once in an isolated Handlebars environment (strict: a typo is an error). */
function template(): Template {
  compiled ??= Handlebars.create().compile(readFileSync(join(findPackageRoot(), 'reports', 'compare', 'compare.hbs'), 'utf8'), {
    strict: true,
    knownHelpersOnly: true,
  }) as Template;
  return compiled;
}

/** The self-contained HTML report of a comparison: baseline and candidate side by side, changes, deltas, intervals. */
export function renderCompareHtml(comparison: Comparison): string {
  return template()({ view: toCompareView(comparison), css });
}
