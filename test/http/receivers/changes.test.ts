import { describe, expect, it } from 'vitest';
import { normalizeChange } from '../../../src/http/receivers/changes.js';

describe('change event normaliser', () => {
  it('reads the documented fields', () => {
    expect(
      normalizeChange({
        service: 'checkout',
        kind: 'deploy',
        version: '4.6.2',
        environment: 'production',
        at: '2025-03-27T09:43:09Z',
        author: 'ci',
        description: 'MR !1',
        url: 'https://ci.test/p/1',
        pipeline: { extra: true },
      }),
    ).toEqual({
      service: 'checkout',
      kind: 'deploy',
      version: '4.6.2',
      environment: 'production',
      at: '2025-03-27T09:43:09.000Z',
      author: 'ci',
      description: 'MR !1',
      url: 'https://ci.test/p/1',
    });
  });

  it('fills optional fields with null and the time with the time of receipt', () => {
    expect(normalizeChange({ service: 'api', kind: 'Rollback', version: 1234 }, new Date('2026-01-01T00:00:00Z'))).toEqual({
      service: 'api',
      kind: 'rollback',
      version: '1234',
      environment: null,
      at: '2026-01-01T00:00:00.000Z',
      author: null,
      description: null,
      url: null,
    });
  });

  it('refuses an unknown kind, a missing service and a bad time, naming the field', () => {
    expect(() => normalizeChange({ service: 'api', kind: 'party', at: '2026-01-01T00:00:00Z' })).toThrow(/^kind: expected one of deploy, hotfix, rollback, config/);
    expect(() => normalizeChange({ kind: 'deploy', at: '2026-01-01T00:00:00Z' })).toThrow(/^service: /);
    expect(() => normalizeChange({ service: 'api', kind: 'deploy', at: 'yesterday' })).toThrow(/^at: /);
  });
});
