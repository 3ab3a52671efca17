import { spawn } from 'node:child_process';
import { z } from 'zod';
import { AuthError } from '../errors/index.js';

/** Answer of `docker-credential-<name> get` (the Docker credential-helper protocol). */
const helperAnswerSchema = z.object({
  ServerURL: z.string().optional(),
  Username: z.string(),
  Secret: z.string(),
});

/** Credentials returned by a helper. `<token>` as the username means the secret is an identity (refresh) token. */
export type HelperCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly identityToken: string };

/** Runs a program with stdin text; resolves stdout, or rejects with AuthError on exit ≠ 0, timeout or spawn error. */
export function runWithInput(
  command: string,
  args: readonly string[],
  input: string,
  options: {
    readonly timeoutMs: number;
    readonly shell?: boolean;
    readonly what: string;
    /** Environment of the child (PATH finds helpers); @default the process environment */
    readonly env?: Readonly<Record<string, string | undefined>>;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: options.shell ?? false,
      ...(options.env === undefined ? {} : { env: { ...options.env } }),
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new AuthError(`${options.what} did not answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new AuthError(`${options.what} could not be started: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(stdout);
      } else {
        const detail = (stderr.trim() || stdout.trim()).split('\n')[0] ?? '';
        reject(new AuthError(`${options.what} exited with code ${code ?? 'null'}${detail === '' ? '' : `: ${detail}`}`));
      }
    });
    child.stdin.on('error', () => {
      // The helper may exit before reading stdin; its exit code tells the story.
    });
    child.stdin.end(input);
  });
}

/**
 * Asks `docker-credential-<helper> get` for the credentials of `serverUrl`. A helper that exits non-zero, hangs or
 * prints garbage gives one clear AuthError naming the helper; the secret never appears in the message.
 */
export async function getHelperCredentials(
  helper: string,
  serverUrl: string,
  timeoutMs = 10_000,
  env?: Readonly<Record<string, string | undefined>>,
): Promise<HelperCredentials> {
  const program = `docker-credential-${helper}`;
  const stdout = await runWithInput(program, ['get'], serverUrl, {
    timeoutMs,
    what: `credential helper ${program}`,
    ...(env === undefined ? {} : { env }),
  });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new AuthError(`credential helper ${program} printed something that is not JSON`, {
      hint: `run "echo ${serverUrl} | ${program} get" to see what it prints`,
    });
  }
  const parsed = helperAnswerSchema.safeParse(json);
  if (!parsed.success) {
    throw new AuthError(`credential helper ${program} answered without "Username" and "Secret"`);
  }
  return parsed.data.Username === '<token>'
    ? { kind: 'identity-token', identityToken: parsed.data.Secret }
    : { kind: 'basic', username: parsed.data.Username, password: parsed.data.Secret };
}
