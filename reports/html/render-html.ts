import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { findPackageRoot } from '../../src/package/package-root.js';
import type { RunResult } from '../../src/model/index.js';
import type { HtmlView } from './html-view.js';
import { toHtmlView } from './to-html-view.js';

/** Our own files inlined into the page; never registry data. */
interface Assets {
  readonly css: string;
  readonly js: string;
  /** CSP source for the inline script, so an injected `<script>` could not run even if escaping failed. */
  readonly scriptHash: string;
}

type Template = (context: { readonly view: HtmlView; readonly assets: Assets }) => string;

const compiled = new Map<string, { readonly template: Template; readonly assets: Assets }>();

/** Where the templates live: `reports/html` under the package root (tsc does not copy .hbs, so the source tree). */
export function defaultTemplateDir(): string {
  return join(findPackageRoot(), 'reports', 'html');
}

/** Compiles the page template and its partials once per directory, in an isolated Handlebars environment. */
function load(dir: string): { readonly template: Template; readonly assets: Assets } {
  const cached = compiled.get(dir);
  if (cached !== undefined) {
    return cached;
  }
  const hbs = Handlebars.create();
  const partialsDir = join(dir, 'partials');
  for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  // strict: a typo in a template is an error, not a silently empty cell.
  const template = hbs.compile(readFileSync(join(dir, 'report.hbs'), 'utf8'), { strict: true, knownHelpersOnly: true }) as Template;
  const js = readFileSync(join(dir, 'report.js'), 'utf8');
  const assets: Assets = {
    css: readFileSync(join(dir, 'report.css'), 'utf8'),
    js,
    scriptHash: `sha256-${createHash('sha256').update(js).digest('base64')}`,
  };
  const entry = { template, assets };
  compiled.set(dir, entry);
  return entry;
}

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /**
   * Directory with `report.hbs`, `partials/`, `report.css` and `report.js`.
   * @default `reports/html` under the package root
   */
  readonly templateDir?: string;
}

/**
 * The self-contained HTML report of a run (inline CSS, JS and SVG; nothing fetched). Pure apart from reading the
 * templates: returns the page text.
 */
export function renderHtml(run: RunResult, options: RenderHtmlOptions = {}): string {
  const { template, assets } = load(options.templateDir ?? defaultTemplateDir());
  return template({ view: toHtmlView(run), assets });
}
