import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_SOURCES, type Alert } from '../../../src/domain/alert.js';
import { normalizeAlertmanager } from '../../../src/http/receivers/alertmanager.js';
import { normalizeChange } from '../../../src/http/receivers/changes.js';
import { normalizeGrafana } from '../../../src/http/receivers/grafana.js';
import type { NormalizeBody } from '../../../src/http/receivers/receiver.js';
import { normalizeSentry } from '../../../src/http/receivers/sentry.js';
import { SCENARIOS_DIR } from '../support/fixtures.js';

const NORMALIZERS: Record<string, NormalizeBody> = { sentry: normalizeSentry, grafana: normalizeGrafana, alertmanager: normalizeAlertmanager };

interface ScenarioEvent {
  id: string;
  type: string;
  source?: string;
  headers?: Record<string, string>;
  body: unknown;
}

const scenarios = existsSync(SCENARIOS_DIR)
  ? readdirSync(SCENARIOS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(SCENARIOS_DIR, entry.name, 'events.jsonl')))
  : [];

function events(name: string): ScenarioEvent[] {
  return readFileSync(join(SCENARIOS_DIR, name, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ScenarioEvent);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** What any alert from any body must look like, whatever the scenario. */
function expectSane(alert: Alert, source: string): void {
  expect(alert.source).toBe(source);
  expect(ALERT_SOURCES).toContain(alert.source);
  expect(alert.fingerprint.length).toBeGreaterThan(0);
  expect(['firing', 'resolved']).toContain(alert.status);
  expect(alert.rule.trim()).not.toBe('');
  expect(alert.title.trim()).not.toBe('');
  expect(alert.title).not.toContain('\n');
  expect(alert.startsAt).toMatch(ISO);
  expect(alert.receivedAt).toMatch(ISO);
  if (alert.status === 'firing') expect(alert.endsAt).toBeNull();
  else expect(alert.endsAt).toMatch(ISO);
  for (const value of [...Object.values(alert.labels), ...Object.values(alert.annotations)]) expect(typeof value).toBe('string');
  // Every scenario sender names its service somewhere: a label, a job, a Sentry project.
  expect(alert.service === null || alert.service.trim() !== '').toBe(true);
}

describe.skipIf(scenarios.length === 0)('every webhook body of the evaluation scenarios', () => {
  for (const scenario of scenarios) {
    it(`normalises each body of ${scenario.name} without throwing, with sane fields`, () => {
      const receivedAt = new Date('2026-01-01T00:00:00Z');
      let webhooks = 0;
      let alerts = 0;
      for (const event of events(scenario.name)) {
        if (event.type === 'change') {
          const change = normalizeChange(event.body, receivedAt);
          expect(change.service.trim()).not.toBe('');
          expect(change.at).toMatch(ISO);
          continue;
        }
        if (event.type !== 'webhook') continue;
        webhooks += 1;
        const normalize = NORMALIZERS[event.source ?? ''];
        expect(normalize, `${event.id}: source ${event.source}`).toBeDefined();
        const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
        const normalized = normalize!(event.body, headers, receivedAt);
        const declared = (event.body as { alerts?: unknown[] }).alerts;
        if (Array.isArray(declared)) expect(normalized).toHaveLength(declared.length);
        for (const alert of normalized) expectSane(alert, event.source!);
        alerts += normalized.length;
      }
      expect(webhooks).toBeGreaterThan(0);
      expect(alerts).toBeGreaterThan(0);
    });
  }
});
