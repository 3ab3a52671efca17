import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { LabError } from '../errors/index.js';

/** One lab user. */
export interface LabUser {
  readonly username: string;
  readonly password: string;
}

/**
 * The users of an authenticated lab. Passwords are random per lab start. distribution's htpasswd mode has no
 * per-user permissions, so `readOnly` can push there too; it exists for registries and token servers that can tell
 * them apart.
 */
export interface LabCredentials {
  readonly readWrite: LabUser;
  readonly readOnly: LabUser;
}

/** Fresh random credentials for `regatta-rw` and `regatta-ro`. */
export function createLabCredentials(): LabCredentials {
  const password = (): string => randomBytes(18).toString('base64url');
  return {
    readWrite: { username: 'regatta-rw', password: password() },
    readOnly: { username: 'regatta-ro', password: password() },
  };
}

/** One bcrypt htpasswd line from `htpasswd -Bin` (the password goes on stdin, not on the command line). */
function htpasswdLine(user: LabUser): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('htpasswd', ['-Bin', user.username], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) =>
      reject(new LabError(`cannot run htpasswd: ${error.message}`, { cause: error, hint: 'install apache2-utils' })),
    );
    child.on('close', (code) => {
      const line = stdout.trim();
      if (code === 0 && line.startsWith(`${user.username}:`)) {
        resolve(line);
      } else {
        reject(new LabError(`htpasswd exited with ${code ?? 'a signal'}: ${stderr.trim().split('\n')[0] ?? ''}`));
      }
    });
    child.stdin.end(`${user.password}\n`);
  });
}

/** The htpasswd file (bcrypt) for every lab user. */
export async function htpasswdFile(credentials: LabCredentials): Promise<string> {
  const lines = [await htpasswdLine(credentials.readWrite), await htpasswdLine(credentials.readOnly)];
  return `${lines.join('\n')}\n`;
}
