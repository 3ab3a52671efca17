import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exchangeSignal } from './exchange-signal.js';

describe('exchangeSignal', () => {
  it('passes the caller signal through when there is no deadline', () => {
    const caller = new AbortController();
    const exchange = exchangeSignal(undefined, caller.signal);
    expect(exchange.signal).toBe(caller.signal);
    expect(exchange.timedOut()).toBe(false);
  });

  it('aborts at the deadline and says so', async () => {
    const exchange = exchangeSignal(20, undefined);
    expect(exchange.signal?.aborted).toBe(false);
    await delay(60);
    expect(exchange.signal?.aborted).toBe(true);
    expect((exchange.signal?.reason as DOMException).name).toBe('TimeoutError');
    expect(exchange.timedOut()).toBe(true);
  });

  it('aborts with the caller reason when the caller aborts first, and that is not a timeout', () => {
    const caller = new AbortController();
    const exchange = exchangeSignal(10_000, caller.signal);
    const reason = new Error('interrupted');
    caller.abort(reason);
    expect(exchange.signal?.aborted).toBe(true);
    expect(exchange.signal?.reason).toBe(reason);
    expect(exchange.timedOut()).toBe(false);
    exchange.dispose();
  });

  it('starts aborted when the caller already aborted', () => {
    const caller = new AbortController();
    caller.abort(new Error('before'));
    const exchange = exchangeSignal(10_000, caller.signal);
    expect(exchange.signal?.aborted).toBe(true);
    exchange.dispose();
  });

  it('stops the timer and the caller listener on dispose', async () => {
    const caller = new AbortController();
    const exchange = exchangeSignal(20, caller.signal);
    exchange.dispose();
    await delay(60);
    caller.abort(new Error('after the exchange'));
    expect(exchange.signal?.aborted).toBe(false);
    expect(exchange.timedOut()).toBe(false);
  });
});
