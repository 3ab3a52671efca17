import { runCommand, tailLines } from '../run-command.js';

/**
 * Runs `skopeo copy SRC DEST` for a plain-http loopback registry (TLS verification off on both sides, no policy
 * lookup, digests preserved so a changed manifest fails loudly). Throws with skopeo's output tail on failure.
 */
export async function skopeoCopy(skopeo: string, source: string, destination: string): Promise<void> {
  const result = await runCommand(
    skopeo,
    ['--insecure-policy', 'copy', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false', source, destination],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) {
    throw new Error(`skopeo copy ${source} ${destination} failed (${String(result.code)}):\n${tailLines(result.output, 10)}`);
  }
}
