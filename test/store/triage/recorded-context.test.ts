import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertContextQuery, contextWindows } from '../../../agents/lib/context-query.js';
import { DEFAULT_TRIAGE_POLICY } from '../../../agents/policy.js';
import type { Alert } from '../../../src/domain/alert.js';
import { SqlAlertContext } from '../../../src/store/triage/sql-alert-context.js';
import { SqlAlertLog } from '../../../src/store/triage/sql-alert-log.js';
import { emptyStore } from '../../agents/support/triage-harness.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../../support/databases.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

function firing(fingerprint: string, rule: string, service: string, minutesAgo: number): Alert {
  const at = new Date(NOW - minutesAgo * 60_000).toISOString();
  return {
    source: 'alertmanager', fingerprint, status: 'firing', rule, title: `${rule} on ${service}`, message: '', service, environment: 'prod',
    severity: 'warning', labels: { alertname: rule, service }, annotations: {}, startsAt: at, endsAt: null, receivedAt: at, links: {}, raw: null,
  };
}

function resolved(alert: Alert, minutesAgo: number): Alert {
  return { ...alert, status: 'resolved', endsAt: new Date(NOW - minutesAgo * 60_000).toISOString() };
}

describe.each(STORE_KINDS)('a new alert\'s context read with its record on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.drop();
  });

  /**
   * A history spread over the windows, so that a window read from the wrong parameter shows: episodes of the rule
   * hours ago (the one of 400 minutes ago in the learning window only, the others in the fingerprint window too), an undecided alert ten minutes ago (not in the storm
   * window), alerts of other services a minute ago (the storm window).
   */
  async function history(log: SqlAlertLog): Promise<void> {
    let delivery = 0;
    const record = (alert: Alert, minutesAgo: number) => log.record(alert, `history-${(delivery += 1)}`, new Date(NOW - minutesAgo * 60_000));
    for (const [n, minutesAgo] of [400, 200, 100].entries()) {
      const episode = firing('fp-queue', 'QueueBacklog', 'queue', minutesAgo);
      await record(episode, minutesAgo);
      await record(resolved(episode, minutesAgo - 3 - n), minutesAgo - 3 - n);
    }
    await record(firing('fp-other-queue', 'QueueBacklog', 'queue', 120), 120);
    await record(firing('fp-api', 'HighLatency', 'api', 10), 10);
    await record(firing('fp-db', 'DiskFull', 'db', 1), 1);
    await record(firing('fp-web', 'ErrorRate', 'web', 1), 1);
  }

  it('is the context a read of its own returns, but for the new alert itself among the undecided', async () => {
    await emptyStore(database.db);
    const log = new SqlAlertLog(database.db);
    await history(log);
    const now = new Date(NOW);
    const recorded = await log.record(firing('fp-queue', 'QueueBacklog', 'queue', 0), 'new-one', now, contextWindows(now, DEFAULT_TRIAGE_POLICY));
    expect(recorded.outcome).toBe('new');
    const alert = recorded.alert;
    if (alert === null || recorded.context === undefined) throw new Error('a new alert came back without itself or its context');

    const readAlone = await new SqlAlertContext(database.db).read(alertContextQuery(alert, now, DEFAULT_TRIAGE_POLICY));
    expect(readAlone.undecided.map((other) => other.fingerprint)).toEqual(['fp-api', 'fp-db', 'fp-web', 'fp-queue']);
    expect(recorded.context).toEqual({ ...readAlone, undecided: readAlone.undecided.filter((other) => other.id !== alert.id) });
    // Not an empty context agreeing with another: each window found what lies in it and nothing else.
    expect(recorded.context.fingerprintEpisodes.map((episode) => episode.fingerprint)).toEqual(['fp-queue', 'fp-queue']);
    expect(recorded.context.serviceRuleEpisodes.map((episode) => episode.fingerprint)).toEqual(['fp-queue', 'fp-other-queue', 'fp-queue']);
    expect(recorded.context.ruleEpisodeCounts).toEqual({ decided: 4, resolvedQuickly: 3, slowestQuickS: 300 });
    expect(recorded.context.burst.map((group) => group.service).sort()).toEqual(['db', 'web']);
  });

  it('comes with nothing but a new episode, and only when asked for', async () => {
    await emptyStore(database.db);
    const log = new SqlAlertLog(database.db);
    const now = new Date(NOW);
    const windows = contextWindows(now, DEFAULT_TRIAGE_POLICY);
    const alert = firing('fp-disk', 'DiskFull', 'db', 0);
    const unasked = await log.record(firing('fp-cpu', 'CpuHigh', 'db', 0), 'cpu-1', now);
    expect(unasked.outcome).toBe('new');
    expect(unasked.context).toBeUndefined();
    expect((await log.record(alert, 'disk-1', now, windows)).context).toBeDefined();
    const repeat = await log.record(alert, 'disk-2', now, windows);
    expect(repeat.outcome).toBe('repeat');
    expect(repeat.context).toBeUndefined();
    const redelivery = await log.record(alert, 'disk-1', now, windows);
    expect(redelivery.outcome).toBe('redelivery');
    expect(redelivery.context).toBeUndefined();
  });
});
