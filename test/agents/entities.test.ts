import { describe, expect, it } from 'vitest';
import { entityTokens, tokensOf } from '../../agents/lib/entities.js';

describe('the entities an alert names', () => {
  it('keeps names with digits that start with a letter and have three, and drops numbers, versions and percentiles', () => {
    expect(tokensOf('alerta5')).toEqual(['alerta5']);
    expect(tokensOf('web2-eu')).toEqual(['web2']);
    expect(tokensOf('checkout-v2')).toEqual(['checkout']);
    expect(tokensOf('10.20.64.10:9100')).toEqual([]);
    expect(tokensOf('p99')).toEqual([]);
  });

  it('splits hyphenated names, drops generic words and adds the joined form', () => {
    expect(tokensOf('card-auth')).toEqual(['card', 'auth', 'cardauth']);
    expect(tokensOf('payments-api')).toEqual(['payments', 'paymentsapi']);
  });

  it('reads the service and identity-bearing labels, not the ones describing the alert', () => {
    expect(entityTokens({ service: 'alerta5', labels: { level: 'error', project: 'alerta5', severity: 'critical' } })).toEqual(['alerta5']);
    expect(entityTokens({ service: null, labels: { alertname: 'HighLatency', pod: 'orders-api-7d9f8-abcde', instance: 'orders-db-01:9187' } })).toEqual(['orders', 'ordersapi', 'ordersdb']);
  });
});
