import { stripControlChars } from '../common/strip-control.js';

/**
 * Escapes registry-supplied text for a Markdown table cell or line (GitHub flavour): HTML-escapes `& < > " '`, so no
 * tag survives, backslash-escapes inline Markdown syntax (pipes, backticks, brackets, emphasis, `{{`), flattens
 * newlines and removes control characters. Block syntax (`#`, `-`) is left alone: escaped text never starts a line.
 */
export function escapeMarkdown(text: string): string {
  return stripControlChars(text)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/([\\`*_{}[\]()|~])/g, '\\$1');
}
