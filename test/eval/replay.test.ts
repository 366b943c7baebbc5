import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario, type ReplayResult } from '../../src/eval/replay.js';
import { loadScenario } from '../../src/eval/scenario.js';
import { scoreDecisions, type Truth } from '../../src/eval/score.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { shiftScenario } from './support/shift-scenario.js';
import { writeTinyScenario } from './support/tiny-scenario.js';

function byKeyNotified(result: ReplayResult): number | null | undefined {
  return result.decisions.find((line) => line.key === 'e1/0')?.notified_t;
}

describe('replaying a scenario', () => {
  let dir: string;
  let embedded: ReplayResult;
  let postgres: TestDatabase;
  let onPostgres: ReplayResult;

  beforeAll(async () => {
    dir = writeTinyScenario();
    const scenario = loadScenario(dir);
    embedded = await replayScenario(scenario);
    postgres = await createTestDatabase('postgres');
    onPostgres = await replayScenario(scenario, { db: postgres.db });
  });
  afterAll(async () => {
    await postgres?.drop();
  });

  describe('when the events hold one incident and four kinds of noise', () => {
    it('writes one decision per firing alert, each as a good on-call team would decide it', () => {
      const byKey = new Map(embedded.decisions.map((line) => [line.key, line]));
      expect([...byKey.keys()].sort()).toEqual(['e1/0', 'e2/0', 'e3/0', 'e4/0', 'e5/0', 'e6/0']);
      const first = byKey.get('e1/0');
      expect(first).toMatchObject({ suppressed: null, playbook: 'pool-exhausted' });
      // Told no later than when the second alert corroborated the first (a critical alert may page at once).
      expect(first?.notified_t).toBeGreaterThanOrEqual(60);
      expect(first?.notified_t).toBeLessThanOrEqual(90);
      expect(first?.incident).toMatch(/^INC-\d{4}$/);
      expect(first?.similar?.[0]).toBe('H-1');
      expect(first?.similar).not.toContain('H-2');
      expect(byKey.get('e2/0')).toMatchObject({ suppressed: null, incident: first?.incident });
      expect(byKey.get('e3/0')?.suppressed).toBe('duplicate');
      expect(byKey.get('e4/0')).toMatchObject({ suppressed: 'known-noisy', incident: null });
      expect(byKey.get('e5/0')).toMatchObject({ suppressed: 'maintenance', incident: null });
      expect(byKey.get('e6/0')).toMatchObject({ suppressed: 'transient', incident: null });
      expect(embedded.refused).toEqual([]);
      expect(embedded.refusedRows).toEqual([]);
      expect(embedded.notifications).toBe(1);
    });

    it('decides the same on PostgreSQL as on the embedded store', () => {
      expect(onPostgres.decisions).toEqual(embedded.decisions);
    });

    it('decides the same when it all happens on another day, at another hour', async () => {
      // 200 days, 15 h 47 min 13 s later: a Monday morning's events now come on a Sunday night, in another season.
      const byS = ((200 * 24 + 15) * 60 + 47) * 60 + 13;
      const later = loadScenario(shiftScenario(dir, byS));
      expect(later.start.getTime() - loadScenario(dir).start.getTime()).toBe(byS * 1000);
      const shifted = await replayScenario(later);
      expect(shifted.decisions).toEqual(embedded.decisions);
      expect(shifted.notifications).toBe(1);
    });

    it('scores them against truth.json', () => {
      const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
      const scores = scoreDecisions(embedded.decisions, truth);
      expect(scores).toMatchObject({
        alerts: 6,
        true_incidents: 1,
        noise: { precision: 1, recall: 1 },
        missed_incidents: 0,
        grouping: { pairwise_f1: 1 },
        notifications: 1,
        playbook_top1: 1,
        similar_hit_at_5: 1,
      });
      expect(scores.time_to_notify_s.p50).toBe((byKeyNotified(embedded) ?? Infinity) - 60);
      expect(scores.time_to_notify_s.p50).toBeLessThanOrEqual(30);
    });
  });
});
