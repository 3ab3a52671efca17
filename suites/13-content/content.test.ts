import { describe, it } from 'vitest';
import suite from './index.js';
import { expectAllPass } from '../test-support/suite-faults.js';

describe('content suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  }, 120_000);
});
