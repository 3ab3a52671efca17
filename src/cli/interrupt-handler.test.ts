import { describe, expect, it } from 'vitest';
import { createInterruptHandler } from './interrupt-handler.js';

/** A handler wired to recorders. */
function recorded(): { handler: ReturnType<typeof createInterruptHandler>; stderr: string[]; exits: number[]; aborts: number[] } {
  const stderr: string[] = [];
  const exits: number[] = [];
  const aborts: number[] = [];
  const handler = createInterruptHandler({ stderr: (text) => stderr.push(text), exit: (code) => exits.push(code), abort: () => aborts.push(1) });
  return { handler, stderr, exits, aborts };
}

describe('Ctrl-C handling', () => {
  it('aborts the run on the first signal and does not exit', () => {
    const { handler, stderr, exits, aborts } = recorded();
    handler.onSignal();
    expect(aborts).toEqual([1]);
    expect(exits).toEqual([]);
    expect(stderr.join('')).toContain('interrupted, cleaning up and writing partial results (Ctrl-C again to force)');
  });

  it('on the second signal prints the run id and where the run may have left data, then exits 130', () => {
    const { handler, stderr, exits } = recorded();
    handler.onRunStarted({
      runId: 'k3x9a1b2',
      places: [
        { target: 'zot', url: 'http://127.0.0.1:5001', repositories: 'team/regatta-k3x9a1b2' },
        { target: 'olareg', url: 'http://127.0.0.1:5002', repositories: 'regatta-k3x9a1b2' },
      ],
    });
    handler.onSignal();
    handler.onSignal();
    expect(exits).toEqual([130]);
    expect(stderr.slice(1).join('')).toBe(
      'regatta: interrupted twice, exiting now without cleaning up run k3x9a1b2; what it pushed may remain in:\n' +
        '  zot (http://127.0.0.1:5001): team/regatta-k3x9a1b2\n' +
        '  olareg (http://127.0.0.1:5002): regatta-k3x9a1b2\n',
    );
  });

  it('says only that it exits when no run has started', () => {
    const { handler, stderr, exits } = recorded();
    handler.onSignal();
    handler.onSignal();
    expect(exits).toEqual([130]);
    expect(stderr.at(-1)).toBe('regatta: interrupted twice, exiting now\n');
  });
});
