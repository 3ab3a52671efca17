/** The named exit codes live beside the result model (their table decides from a RunResult); the CLI re-exports them. */
export { ExitCode } from '../model/exit-codes.js';
