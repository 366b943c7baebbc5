import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors/catalogue.js';
import { replayScenario } from '../../src/eval/replay.js';
import { loadScenario } from '../../src/eval/scenario.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { writeTinyScenario } from './support/tiny-scenario.js';

async function failure(work: () => unknown): Promise<FirebreakError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof FirebreakError) return error;
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

function replaceLine(file: string, line: number, text: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = text;
  writeFileSync(file, lines.join('\n'));
}

describe('a malformed scenario', () => {
  describe('when a line of events.jsonl is not JSON', () => {
    it('is refused with FB_ERR_SCENARIO_INVALID naming the file and line', async () => {
      const dir = writeTinyScenario();
      replaceLine(join(dir, 'events.jsonl'), 3, '{"id": "e3", "t": 95, ');
      const error = await failure(() => loadScenario(dir));
      expect(error.code).toBe('FB_ERR_SCENARIO_INVALID');
      expect(error.message).toContain(`${join(dir, 'events.jsonl')}:3`);
      expect(error.message).toContain('not valid JSON');
    });
  });

  describe('when an event has a type the format does not know', () => {
    it('names the file, the line and the field', async () => {
      const dir = writeTinyScenario();
      replaceLine(join(dir, 'events.jsonl'), 2, JSON.stringify({ id: 'e2', t: 90, type: 'page', body: {} }));
      const error = await failure(() => loadScenario(dir));
      expect(error.code).toBe('FB_ERR_SCENARIO_INVALID');
      expect(error.message).toContain(`${join(dir, 'events.jsonl')}:2`);
      expect(error.message).toContain('type');
    });
  });

  describe('when events are out of time order', () => {
    it('names the line that goes back in time', async () => {
      const dir = writeTinyScenario();
      appendFileSync(join(dir, 'events.jsonl'), `${JSON.stringify({ id: 'e8', t: 5, type: 'change', body: { service: 'orders', kind: 'deploy' } })}\n`);
      const error = await failure(() => loadScenario(dir));
      expect(error.message).toContain(`${join(dir, 'events.jsonl')}:9`);
    });
  });

  describe('when scenario.json lacks its start', () => {
    it('names scenario.json and the missing key', async () => {
      const dir = writeTinyScenario();
      const meta = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as Record<string, unknown>;
      delete meta.start;
      writeFileSync(join(dir, 'scenario.json'), JSON.stringify(meta));
      const error = await failure(() => loadScenario(dir));
      expect(error.code).toBe('FB_ERR_SCENARIO_INVALID');
      expect(error.message).toContain(join(dir, 'scenario.json'));
      expect(error.message).toContain('start');
    });
  });

  describe('when one of its playbooks does not load', () => {
    it('is refused with the playbook file named', async () => {
      const dir = writeTinyScenario();
      writeFileSync(join(dir, 'playbooks', 'broken.yaml'), 'id: broken\ntitle: Broken\nseverity: minor\ncategory: unknown\nmatch: { text: "(" }\n');
      const error = await failure(() => loadScenario(dir));
      expect(error.code).toBe('FB_ERR_PLAYBOOK_INVALID');
      expect(error.message).toContain(join(dir, 'playbooks', 'broken.yaml'));
    });
  });

  describe('when a verdict line is malformed', () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase('postgres');
    });
    afterAll(async () => {
      await test?.drop();
    });

    it('reports it with verdicts.jsonl and the line, and still uses the other verdicts (as an import would)', async () => {
      const dir = writeTinyScenario();
      const verdicts = join(dir, 'verdicts.jsonl');
      const good = readFileSync(verdicts, 'utf8').split('\n')[0] ?? '';
      appendFileSync(verdicts, `${good.replace('2025-05-01', '2025-05-04')}\n`);
      replaceLine(verdicts, 2, JSON.stringify({ at: '2025-05-02T10:00:00Z', labels: {}, verdict: 'maybe' }));
      const result = await replayScenario(loadScenario(dir), { db: test.db });
      expect(result.refusedRows).toHaveLength(1);
      expect(result.refusedRows[0]).toContain(`${verdicts}:2`);
      expect(result.decisions.find((line) => line.key === 'e4/0')?.suppressed).toBe('known-noisy');
    });
  });
});
