import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../http/support/fixtures.js';
import { writeTinyScenario } from './support/tiny-scenario.js';

const run = promisify(execFile);
const reference = join(SCENARIOS_DIR, 'score.py');
const python = spawnSync('python3', ['--version']).status === 0 && existsSync(reference);

describe('firebreak eval SCENARIO_DIR --json --decisions FILE', () => {
  it('prints the scores as JSON and writes a decisions file the reference scorer accepts with the same figures', { timeout: 180_000 }, async () => {
    const dir = writeTinyScenario();
    const decisions = join(dir, 'decisions.jsonl');
    const { stdout } = await run(process.execPath, ['src/cli/bin.mjs', 'eval', dir, '--json', '--decisions', decisions], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' } });
    const scores = JSON.parse(stdout) as { scenario: string; alerts: number; missed_incidents: number; notifications: number; noise: { precision: number; recall: number }; refused_bodies: number };
    expect(scores).toMatchObject({ scenario: 'tiny', alerts: 6, missed_incidents: 0, notifications: 1, noise: { precision: 1, recall: 1 }, refused_bodies: 0 });
    const lines = readFileSync(decisions, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { key: string });
    expect(lines.map((line) => line.key).sort()).toEqual(['e1/0', 'e2/0', 'e3/0', 'e4/0', 'e5/0', 'e6/0']);
    if (!python) return; // the comparison needs python3 and score.py; score.test.ts says so when either is missing
    const referenceScores = JSON.parse(spawnSync('python3', [reference, dir, decisions, '--json'], { encoding: 'utf8' }).stdout) as typeof scores;
    expect(referenceScores).toMatchObject({ alerts: scores.alerts, missed_incidents: scores.missed_incidents, notifications: scores.notifications, noise: scores.noise });
  });
});
