import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import { SqlAlertLog } from '../../../src/store/triage/sql-alert-log.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../../support/databases.js';

const AT = new Date('2026-01-05T10:00:00Z');

function alertWith(text: string): Alert {
  return {
    source: 'alertmanager', fingerprint: 'nul-1', status: 'firing', rule: 'DiskFull', title: `disk ${text}`, message: text,
    service: 'db', environment: null, severity: 'warning', labels: { alertname: 'DiskFull', [`k${text}`]: text }, annotations: {},
    startsAt: AT.toISOString(), endsAt: null, receivedAt: AT.toISOString(), links: {}, raw: { text },
  };
}

describe.each(STORE_KINDS)('the alert log on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.drop();
  });

  describe('when an alert carries a NUL character, which PostgreSQL cannot store', () => {
    it('records it with the replacement character instead of failing on every retry', async () => {
      const { outcome, alert } = await new SqlAlertLog(database.db).record(alertWith('a\u0000b'), 'nul-delivery', AT);
      expect(outcome).toBe('new');
      expect(alert?.title).toBe('disk a\uFFFDb');
      expect(alert?.labels).toEqual({ alertname: 'DiskFull', 'ka\uFFFDb': 'a\uFFFDb' });
    });
  });
});
