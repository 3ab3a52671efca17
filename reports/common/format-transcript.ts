import type { Exchange } from '../../src/model/index.js';
import { stripInvalidXmlChars } from './strip-control.js';

/**
 * A transcript as plain text, one block per exchange (request line, headers, body excerpt, response). The text is
 * already redacted by the client; it is returned unescaped, so each renderer escapes it for its own format.
 */
export function formatTranscript(transcript: readonly Exchange[]): string {
  const blocks = transcript.map((exchange) => {
    const lines = [`> ${exchange.request.method} ${exchange.request.url}`];
    for (const [name, value] of Object.entries(exchange.request.headers)) {
      lines.push(`> ${name}: ${value}`);
    }
    if (exchange.request.bodyExcerpt !== undefined) {
      lines.push(`> ${exchange.request.bodyExcerpt}`);
    }
    if (exchange.response !== undefined) {
      lines.push(`< ${exchange.response.status}`);
      for (const [name, value] of Object.entries(exchange.response.headers)) {
        lines.push(`< ${name}: ${value}`);
      }
      if (exchange.response.bodyExcerpt !== undefined) {
        lines.push(`< ${exchange.response.bodyExcerpt}`);
      }
    }
    if (exchange.error !== undefined) {
      lines.push(`! ${exchange.error}`);
    }
    lines.push(`  (${exchange.durationMs} ms)`);
    return lines.join('\n');
  });
  return stripInvalidXmlChars(blocks.join('\n\n'));
}
