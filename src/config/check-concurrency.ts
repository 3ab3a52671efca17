/**
 * Checks of one target in flight at once unless configured (`concurrency`, `--concurrency`). Every check builds its
 * own data in its own repositories, so a few at a time hide the round trips of a local registry without piling
 * requests on a remote one. A setting's default lives with the settings, so config never reaches into the engine.
 */
export const defaultCheckConcurrency = 4;
