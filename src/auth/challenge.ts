import { AuthError } from '../errors/index.js';

/** One authentication challenge from a `WWW-Authenticate` header (RFC 9110 §11.6.1). */
export interface Challenge {
  /** Auth scheme, lower-cased: `basic`, `bearer`, … */
  readonly scheme: string;
  /** Parameters with lower-cased names (`realm`, `service`, `scope`, `error`). */
  readonly params: Readonly<Record<string, string>>;
  /** A token68 credential instead of parameters (rare in registries; `Negotiate abc==`). */
  readonly token68?: string;
}

const tokenChar = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;
const token68Char = /[A-Za-z0-9._~+/-]/;

/** Cursor over the header value; every method advances `pos` and never past the end. */
class Scanner {
  pos = 0;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  skipSpace(): void {
    while (!this.done && (this.peek() === ' ' || this.peek() === '\t')) {
      this.pos += 1;
    }
  }

  /** Skips whitespace and empty list elements (RFC 9110 §5.6.1 allows `, ,`). */
  skipSeparators(): void {
    while (!this.done && /[ \t,]/.test(this.peek())) {
      this.pos += 1;
    }
  }

  readWhile(pattern: RegExp): string {
    const start = this.pos;
    while (!this.done && pattern.test(this.peek())) {
      this.pos += 1;
    }
    return this.text.slice(start, this.pos);
  }

  readQuoted(): string {
    // Caller has checked the opening quote.
    this.pos += 1;
    let value = '';
    while (!this.done) {
      const char = this.peek();
      this.pos += 1;
      if (char === '"') {
        return value;
      }
      if (char === '\\') {
        if (this.done) {
          break;
        }
        value += this.peek();
        this.pos += 1;
      } else {
        value += char;
      }
    }
    throw this.error('unterminated quoted string');
  }

  error(problem: string): AuthError {
    return new AuthError(`cannot parse WWW-Authenticate header at character ${this.pos + 1}: ${problem}`, {
      hint: 'the registry sent a malformed challenge; check its auth configuration',
    });
  }
}

/** Looks ahead: is the next list element `name =` (a parameter) rather than a new scheme? */
function nextIsParam(scanner: Scanner): boolean {
  const saved = scanner.pos;
  scanner.skipSeparators();
  const name = scanner.readWhile(tokenChar);
  scanner.skipSpace();
  const isParam = name !== '' && scanner.peek() === '=';
  scanner.pos = saved;
  return isParam;
}

function parseParams(scanner: Scanner, params: Record<string, string>): void {
  for (;;) {
    scanner.skipSeparators();
    const name = scanner.readWhile(tokenChar);
    if (name === '') {
      throw scanner.error('expected a parameter name');
    }
    scanner.skipSpace();
    if (scanner.peek() !== '=') {
      throw scanner.error(`expected "=" after parameter "${name}"`);
    }
    scanner.pos += 1;
    scanner.skipSpace();
    const value = scanner.peek() === '"' ? scanner.readQuoted() : scanner.readWhile(tokenChar);
    if (value === '' && scanner.text.charAt(scanner.pos - 1) !== '"') {
      throw scanner.error(`expected a value after "${name}="`);
    }
    params[name.toLowerCase()] = value;
    scanner.skipSpace();
    if (scanner.done) {
      return;
    }
    if (scanner.peek() !== ',') {
      throw scanner.error(`unexpected "${scanner.peek()}" after parameter "${name}"`);
    }
    if (!nextIsParam(scanner)) {
      return;
    }
  }
}

/**
 * Parses every challenge in a `WWW-Authenticate` value: several challenges in one header, quoted strings with commas
 * and escapes, token68 credentials, parameters in any case. Throws `AuthError` with the position on malformed input.
 */
export function parseChallenges(header: string): Challenge[] {
  const scanner = new Scanner(header);
  const challenges: Challenge[] = [];
  scanner.skipSeparators();
  while (!scanner.done) {
    const scheme = scanner.readWhile(tokenChar);
    if (scheme === '') {
      throw scanner.error('expected an auth scheme');
    }
    const params: Record<string, string> = {};
    let token68: string | undefined;
    scanner.skipSpace();
    if (!scanner.done && scanner.peek() !== ',') {
      if (nextIsParam(scanner)) {
        parseParams(scanner, params);
      } else {
        token68 = scanner.readWhile(token68Char) + scanner.readWhile(/=/);
        if (token68 === '') {
          throw scanner.error(`unexpected "${scanner.peek()}" after scheme "${scheme}"`);
        }
        scanner.skipSpace();
        if (!scanner.done && scanner.peek() !== ',') {
          throw scanner.error(`unexpected "${scanner.peek()}" after token68`);
        }
      }
    }
    challenges.push({ scheme: scheme.toLowerCase(), params, ...(token68 === undefined ? {} : { token68 }) });
    scanner.skipSeparators();
  }
  if (challenges.length === 0) {
    throw scanner.error('no challenge found');
  }
  return challenges;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

/** Serialises challenges back to a header value (always quoting parameter values). Round-trips with the parser. */
export function formatChallenges(challenges: readonly Challenge[]): string {
  return challenges
    .map((challenge) => {
      if (challenge.token68 !== undefined) {
        return `${challenge.scheme} ${challenge.token68}`;
      }
      const params = Object.entries(challenge.params).map(([name, value]) => `${name}=${quote(value)}`);
      return params.length === 0 ? challenge.scheme : `${challenge.scheme} ${params.join(', ')}`;
    })
    .join(', ');
}
