import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleEpisodeCounts } from '../../../agents/ports/alert-log.js';
import type { Alert } from '../../../src/domain/alert.js';
import { SqlAlertLog } from '../../../src/store/triage/sql-alert-log.js';
import { emptyStore } from '../../agents/support/triage-harness.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../../support/databases.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const TRANSIENT_MAX_S = 300;
/** More episodes than any case records: every one in the window is counted. */
const ALL = 1_000;

interface Episode {
  /** Milliseconds after T0 when it was first received. */
  firedMs: number;
  /** Milliseconds it fired before its resolution arrived; null while it still fires. */
  resolvedAfterMs: number | null;
}

function firing(rule: string, n: number, atMs: number): Alert {
  const at = new Date(T0 + atMs).toISOString();
  return {
    source: 'alertmanager', fingerprint: `${rule}-${n}`, status: 'firing', rule, title: rule, message: '', service: 'queue', environment: null,
    severity: 'warning', labels: { alertname: rule }, annotations: {}, startsAt: at, endsAt: null, receivedAt: at, links: {}, raw: null,
  };
}

/**
 * The counting as it was done in JavaScript over the episodes themselves, before the store counted them, of the
 * `latest` episodes in the window (the later recorded first among those fired at the same time).
 */
function expectedCounts(episodes: Episode[], sinceMs: number, beforeMs: number, nowMs: number, latest = Infinity): RuleEpisodeCounts {
  // A resolution that comes after `now` has not been seen: the episode still fires.
  const seen = episodes.map((episode) => (episode.resolvedAfterMs !== null && episode.firedMs + episode.resolvedAfterMs > nowMs ? { ...episode, resolvedAfterMs: null } : episode));
  const inWindow = seen
    .map((episode, recorded) => ({ ...episode, recorded }))
    .filter((episode) => episode.firedMs >= sinceMs && episode.firedMs < beforeMs)
    .sort((a, b) => b.firedMs - a.firedMs || b.recorded - a.recorded)
    .slice(0, latest);
  const decided = inWindow.filter((episode) => episode.resolvedAfterMs !== null || nowMs - episode.firedMs > TRANSIENT_MAX_S * 1000);
  const quick = decided.flatMap((episode) => (episode.resolvedAfterMs === null ? [] : [episode.resolvedAfterMs / 1000])).filter((seconds) => seconds <= TRANSIENT_MAX_S);
  return { decided: decided.length, resolvedQuickly: quick.length, slowestQuickS: quick.length === 0 ? null : Math.max(...quick) };
}

describe.each(STORE_KINDS)('how a rule\'s episodes ended, counted by the store on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.drop();
  });

  async function record(rule: string, episodes: Episode[], nowMs: number): Promise<SqlAlertLog> {
    const log = new SqlAlertLog(database.db);
    for (const [n, episode] of episodes.entries()) {
      await log.record(firing(rule, n, episode.firedMs), `${rule}-fire-${n}`, new Date(T0 + episode.firedMs));
      const resolvedMs = episode.resolvedAfterMs === null ? null : episode.firedMs + episode.resolvedAfterMs;
      // A resolution that comes after `now` has not been seen yet.
      if (resolvedMs !== null && resolvedMs <= nowMs) {
        await log.record({ ...firing(rule, n, episode.firedMs), status: 'resolved', endsAt: new Date(T0 + resolvedMs).toISOString() }, `${rule}-resolve-${n}`, new Date(T0 + resolvedMs));
      }
    }
    return log;
  }

  it('counts the boundaries as triage reads them: a resolution of exactly the transient limit is quick, one millisecond more is not', async () => {
    await emptyStore(database.db);
    const episodes: Episode[] = [
      { firedMs: 0, resolvedAfterMs: TRANSIENT_MAX_S * 1000 },
      { firedMs: 1_000, resolvedAfterMs: TRANSIENT_MAX_S * 1000 + 1 },
      { firedMs: 2_000, resolvedAfterMs: 12_345 },
      // Still firing: decided once it has fired longer than the limit, not before.
      { firedMs: 3_000, resolvedAfterMs: null },
      { firedMs: 3_600_000 - TRANSIENT_MAX_S * 1000 + 1, resolvedAfterMs: null },
    ];
    const nowMs = 3_600_000;
    const log = await record('QueueBacklog', episodes, nowMs);
    const counts = await log.ruleEpisodeCounts('alertmanager', 'QueueBacklog', new Date(T0 - 60_000), new Date(T0 + nowMs), new Date(T0 + nowMs), TRANSIENT_MAX_S, ALL);
    expect(counts).toEqual({ decided: 4, resolvedQuickly: 2, slowestQuickS: 300 });
    expect(counts).toEqual(expectedCounts(episodes, -60_000, nowMs, nowMs));
  });

  it('leaves out episodes outside [since, before), other rules and other sources', async () => {
    await emptyStore(database.db);
    const log = await record('DiskFull', [{ firedMs: 0, resolvedAfterMs: 5_000 }, { firedMs: 10_000, resolvedAfterMs: 7_000 }, { firedMs: 20_000, resolvedAfterMs: 9_000 }], 60_000);
    await record('OtherRule', [{ firedMs: 15_000, resolvedAfterMs: 1_000 }], 60_000);
    const counts = await log.ruleEpisodeCounts('alertmanager', 'DiskFull', new Date(T0 + 10_000), new Date(T0 + 20_000), new Date(T0 + 60_000), TRANSIENT_MAX_S, ALL);
    expect(counts).toEqual({ decided: 1, resolvedQuickly: 1, slowestQuickS: 7 });
    expect(await log.ruleEpisodeCounts('grafana', 'DiskFull', new Date(T0), new Date(T0 + 60_000), new Date(T0 + 60_000), TRANSIENT_MAX_S, ALL)).toEqual({ decided: 0, resolvedQuickly: 0, slowestQuickS: null });
  });

  it('counts only the latest episodes when asked for fewer than the window holds, the later recorded first at the same time', async () => {
    await emptyStore(database.db);
    const episodes: Episode[] = [
      { firedMs: 0, resolvedAfterMs: 200_000 },
      { firedMs: 10_000, resolvedAfterMs: null },
      // Received together: the later recorded is the later episode.
      { firedMs: 20_000, resolvedAfterMs: 90_000 },
      { firedMs: 20_000, resolvedAfterMs: 4_000 },
    ];
    const nowMs = 3_600_000;
    const log = await record('Chatty', episodes, nowMs);
    const window = [new Date(T0), new Date(T0 + nowMs), new Date(T0 + nowMs), TRANSIENT_MAX_S] as const;
    expect(await log.ruleEpisodeCounts('alertmanager', 'Chatty', ...window, 1)).toEqual({ decided: 1, resolvedQuickly: 1, slowestQuickS: 4 });
    expect(await log.ruleEpisodeCounts('alertmanager', 'Chatty', ...window, 3)).toEqual({ decided: 3, resolvedQuickly: 2, slowestQuickS: 90 });
    expect(await log.ruleEpisodeCounts('alertmanager', 'Chatty', ...window, 4)).toEqual({ decided: 4, resolvedQuickly: 3, slowestQuickS: 200 });
  });

  it('agrees with counting the episodes one by one, on generated histories', async () => {
    const episode = fc.record({ firedMs: fc.integer({ min: 0, max: 7_200_000 }), resolvedAfterMs: fc.option(fc.integer({ min: 0, max: 900_000 }), { nil: null }) });
    // Times from a few values, so that episodes often share theirs (one webhook body).
    const sharedTimes = fc.record({ firedMs: fc.constantFrom(0, 60_000, 3_000_000), resolvedAfterMs: fc.option(fc.integer({ min: 0, max: 900_000 }), { nil: null }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(episode, sharedTimes), { maxLength: 12 }), fc.integer({ min: 0, max: 7_200_000 }), fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 1, max: 14 }), async (episodes, beforeMs, back, latest) => {
        await emptyStore(database.db);
        const nowMs = 7_500_000;
        const log = await record('Generated', episodes, nowMs);
        const sinceMs = Math.max(0, beforeMs - back);
        const counts = await log.ruleEpisodeCounts('alertmanager', 'Generated', new Date(T0 + sinceMs), new Date(T0 + beforeMs), new Date(T0 + nowMs), TRANSIENT_MAX_S, latest);
        expect(counts).toEqual(expectedCounts(episodes, sinceMs, beforeMs, nowMs, latest));
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
