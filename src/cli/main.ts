#!/usr/bin/env node
import { pipeSafeWriter } from './pipe-safe-writer.js';
import { runCli } from './run-cli.js';

// The bin entry: wire the real process to the side-effect-free CLI and nothing else.
const controller = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  interrupts += 1;
  if (interrupts > 1) {
    process.stderr.write('regatta: interrupted twice, exiting now\n');
    process.exit(130);
  }
  process.stderr.write('\nregatta: interrupted, cleaning up and writing partial results (Ctrl-C again to force)\n');
  controller.abort(new Error('interrupted'));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const exitCode = await runCli(process.argv.slice(2), {
  stdout: pipeSafeWriter(process.stdout),
  stderr: pipeSafeWriter(process.stderr),
  env: process.env,
  cwd: process.cwd(),
  isTty: process.stdout.isTTY,
  signal: controller.signal,
});
process.exitCode = controller.signal.aborted && exitCode === 0 ? 130 : exitCode;
