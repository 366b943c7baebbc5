import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/eval/replay.js';
import { loadScenario } from '../../src/eval/scenario.js';
import { scoreDecisions, type DecisionLine, type Scores, type Truth } from '../../src/eval/score.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { SCENARIOS_DIR } from '../http/support/fixtures.js';
import { writeTinyScenario } from './support/tiny-scenario.js';

const REFERENCE = join(SCENARIOS_DIR, 'score.py');
const python = spawnSync('python3', ['--version']).status === 0;
const skipped = !python ? 'python3 is not installed' : !existsSync(REFERENCE) ? `no reference scorer at ${REFERENCE} (set FIREBREAK_SCENARIOS_DIR)` : null;
if (skipped !== null) console.warn(`test/eval/score.test.ts: ${skipped}; the comparison with the reference scorer is skipped`);

interface Reference {
  alerts: number;
  true_incidents: number;
  noise: { precision: number | null; recall: number | null };
  missed_incidents: number;
  grouping: { pairwise_f1: number | null };
  notifications: number;
  playbook_top1: number | null;
  similar_hit_at_5: number | null;
  time_to_notify_s: { p50: number | null; p95: number | null; max: number | null };
}

function referenceScores(dir: string, decisions: readonly DecisionLine[]): Reference {
  const file = join(dir, 'decisions.jsonl');
  writeFileSync(file, decisions.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return JSON.parse(execFileSync('python3', [REFERENCE, dir, file, '--json'], { encoding: 'utf8' })) as Reference;
}

function expectAgreement(ours: Scores, reference: Reference): void {
  const close = (a: number | null, b: number | null) => (a === null || b === null ? expect(a).toBe(b) : expect(a).toBeCloseTo(b, 9));
  expect(ours.alerts).toBe(reference.alerts);
  expect(ours.true_incidents).toBe(reference.true_incidents);
  expect(ours.missed_incidents).toBe(reference.missed_incidents);
  expect(ours.notifications).toBe(reference.notifications);
  close(ours.noise.precision, reference.noise.precision);
  close(ours.noise.recall, reference.noise.recall);
  close(ours.grouping.pairwise_f1, reference.grouping.pairwise_f1);
  close(ours.playbook_top1, reference.playbook_top1);
  close(ours.similar_hit_at_5, reference.similar_hit_at_5);
  close(ours.time_to_notify_s.p50, reference.time_to_notify_s.p50);
  close(ours.time_to_notify_s.p95, reference.time_to_notify_s.p95);
  close(ours.time_to_notify_s.max, reference.time_to_notify_s.max);
}

describe.skipIf(skipped !== null)(`the scorer agrees with the reference scorer${skipped === null ? '' : ` (skipped: ${skipped})`}`, () => {
  describe('on decisions with the hard cases of the definitions', () => {
    // Split incidents, a notification before the first alert, a suppressed alert that is also attached, an
    // incident never notified (missed), a notification holding only noise, and a tie for the predicted incident.
    const truth: Truth = {
      alerts: {
        a1: { incident: 'T1', noise: null }, a2: { incident: 'T1', noise: null }, a3: { incident: 'T1', noise: null },
        b1: { incident: 'T2', noise: null }, b2: { incident: 'T2', noise: null },
        c1: { incident: 'T3', noise: null },
        d1: { incident: 'T4', noise: null }, d2: { incident: 'T4', noise: null },
        n1: { incident: null, noise: 'transient' }, n2: { incident: null, noise: 'duplicate' }, n3: { incident: null, noise: 'flapping' }, n4: { incident: null, noise: 'known-noisy' },
      },
      incidents: {
        T1: { playbook: 'pb-a', similar: ['H1', 'H2'], first_alert_t: 100 },
        T2: { playbook: 'pb-b', similar: ['H9'], first_alert_t: 500 },
        T3: { playbook: 'pb-c', similar: [], first_alert_t: 900 },
        T4: { playbook: 'pb-d', similar: ['H4'], first_alert_t: 1000 },
      },
    };
    const inc = (id: string, notified: number | null, playbook: string | null, similar: string[]) => ({ incident: id, notified_t: notified, playbook, similar });
    const decisions: DecisionLine[] = [
      { key: 'a1', suppressed: null, ...inc('INC-2', 130, 'pb-a', ['H7', 'H2']) },
      { key: 'a2', suppressed: null, ...inc('INC-2', 130, 'pb-a', ['H7', 'H2']) },
      { key: 'a3', suppressed: null, ...inc('INC-1', 90, 'pb-z', []) },
      { key: 'b1', suppressed: null, ...inc('INC-3', 520, 'pb-x', ['H9']) },
      { key: 'b2', suppressed: 'transient', ...inc('INC-3', 520, 'pb-x', ['H9']) },
      { key: 'c1', suppressed: null, ...inc('INC-4', null, null, []) },
      { key: 'd1', suppressed: null, ...inc('INC-6', 1100, 'pb-q', ['H5']) },
      { key: 'd2', suppressed: null, ...inc('INC-5', 1100, 'pb-d', ['H4']) },
      { key: 'n1', suppressed: 'transient', incident: null },
      { key: 'n2', suppressed: null, ...inc('INC-7', 2000, null, []) },
      { key: 'n3', suppressed: 'flapping', incident: null },
      { key: 'n4', suppressed: 'held-too-long', incident: null },
    ];
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'firebreak-score-'));
      writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth));
    });

    it('computes every score as score.py does', () => {
      const ours = scoreDecisions(decisions, truth);
      expectAgreement(ours, referenceScores(dir, decisions));
      // And the figures themselves, worked out by hand from the README's definitions.
      expect(ours.missed_incidents).toBe(1);
      expect(ours.notifications).toBe(6);
      expect(ours.playbook_top1).toBeCloseTo(2 / 4);
      expect(ours.similar_hit_at_5).toBeCloseTo(3 / 3);
      expect(ours.time_to_notify_s.p50).toBeCloseTo(20);
    });
  });

  describe('on the decisions of a replayed scenario', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase('postgres');
    });
    afterAll(async () => {
      await test?.drop();
    });

    it('computes the same scores as score.py from the same decisions file', async () => {
      const dir = writeTinyScenario();
      const { decisions } = await replayScenario(loadScenario(dir), { db: test.db });
      const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
      expectAgreement(scoreDecisions(decisions, truth), referenceScores(dir, decisions));
    });
  });
});
