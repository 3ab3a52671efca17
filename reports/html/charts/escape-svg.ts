import { stripInvalidXmlChars } from '../../common/strip-control.js';

/** Escapes text for SVG/XML content and attribute values (also safe inside HTML). */
export function escapeSvg(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate rounded to 0.1 so output is stable and short. */
export function coord(value: number): string {
  return String(Math.round(value * 10) / 10);
}
