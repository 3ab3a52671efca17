#!/usr/bin/env node
import { createInterruptHandler } from './interrupt-handler.js';
import { pipeSafeWriter } from './pipe-safe-writer.js';
import { runCli } from './run-cli.js';

// The bin entry: wire the real process to the side-effect-free CLI and nothing else.
const controller = new AbortController();
const interrupts = createInterruptHandler({
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
  abort: () => controller.abort(new Error('interrupted')),
});
process.on('SIGINT', interrupts.onSignal);
process.on('SIGTERM', interrupts.onSignal);

const exitCode = await runCli(process.argv.slice(2), {
  stdout: pipeSafeWriter(process.stdout),
  stderr: pipeSafeWriter(process.stderr),
  env: process.env,
  cwd: process.cwd(),
  isTty: process.stdout.isTTY,
  signal: controller.signal,
  onRunStarted: interrupts.onRunStarted,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    }
    return Buffer.concat(chunks).toString('utf8');
  },
});
process.exitCode = controller.signal.aborted && exitCode === 0 ? 130 : exitCode;
