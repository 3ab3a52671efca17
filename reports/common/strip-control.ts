/**
 * Removes characters that are not allowed in XML 1.0 (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/FFFF).
 * Registry text ends up in XML, HTML and terminals; those characters break parsers or drive terminals.
 */
export function stripInvalidXmlChars(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to match control characters
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Like {@link stripInvalidXmlChars}, and also drops DEL and C1 controls, for one-line terminal and Markdown output. */
export function stripControlChars(text: string): string {
  return stripInvalidXmlChars(text).replace(/[\u007F-\u009F]/g, '');
}
