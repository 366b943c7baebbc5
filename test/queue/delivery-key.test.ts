import { describe, expect, it } from 'vitest';
import { deliveryKey, REDELIVERY_WINDOW_MS } from '../../src/queue/delivery-key.js';

const body = Buffer.from(JSON.stringify({ ruleId: 61, ruleName: 'KYC completions per hour', state: 'ok', evalMatches: [] }));
const at = new Date('2025-11-28T11:13:00Z');

describe('delivery key', () => {
  it("is the sender's own delivery id when it gives one, whenever it arrives", () => {
    const later = new Date(at.getTime() + 7 * 86_400_000);
    expect(deliveryKey('sentry', body, at, '69857a887a9142cfacee3878f2c1d276')).toBe('sentry-69857a887a9142cfacee3878f2c1d276');
    expect(deliveryKey('sentry', body, later, '69857a887a9142cfacee3878f2c1d276')).toBe('sentry-69857a887a9142cfacee3878f2c1d276');
  });

  it('is the same for the same body within seconds (a retry, an HA copy), and differs by source', () => {
    const windowStart = new Date(Math.floor(at.getTime() / REDELIVERY_WINDOW_MS) * REDELIVERY_WINDOW_MS);
    const key = deliveryKey('grafana', body, windowStart);
    expect(deliveryKey('grafana', body, new Date(windowStart.getTime() + 5_000))).toBe(key);
    expect(deliveryKey('alertmanager', body, windowStart)).not.toBe(key);
    expect(key).toMatch(/^grafana-[0-9a-f]{64}$/);
  });

  it('differs for the same bytes sent later: a legacy Grafana "OK" of a later episode is a new notification', () => {
    expect(deliveryKey('grafana', body, new Date(at.getTime() + 2 * 86_400_000))).not.toBe(deliveryKey('grafana', body, at));
  });
});
