import { describe, expect, it } from 'vitest';
import { TRIAGE_ATTEMPTS, triageBackoffMs } from '../../src/queue/alert-queue.js';

describe('retries of a triage job', () => {
  it('double from one second and stop growing at a minute', () => {
    expect([1, 2, 3, 4, 6, 7, 8, 50].map(triageBackoffMs)).toEqual([1000, 2000, 4000, 8000, 32000, 60000, 60000, 60000]);
  });

  it('outlast an hour of the store being away before a job fails for good', () => {
    const waited = Array.from({ length: TRIAGE_ATTEMPTS - 1 }, (_, index) => triageBackoffMs(index + 1)).reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThan(3600_000);
  });
});
