import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Real Sentry, Grafana and Alertmanager payloads, copied byte for byte from the shared fixtures (see
 * SOURCES.md there for where each came from) so that a fresh clone can run the tests.
 */
export const FIXTURES_DIR = process.env.FIREBREAK_FIXTURES_DIR ?? resolve(here, '../fixtures');
/** The evaluation scenarios (alert streams); they live beside the checkout, or where the variable says. */
export const SCENARIOS_DIR = process.env.FIREBREAK_SCENARIOS_DIR ?? resolve(here, '../../../../shared/scenarios');

/** The exact bytes of a fixture file (signature tests sign these). */
export function fixtureBytes(path: string): Buffer {
  return readFileSync(join(FIXTURES_DIR, path));
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureBytes(path).toString('utf8'));
}

export function fixtureFiles(folder: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder)).filter((name) => name.endsWith('.json'));
}

/**
 * A webhook body built from Alertmanager's documented schema (docs/configuration.md, `<webhook_config>`), which is
 * not JSON: comments are removed and each placeholder gets a value of its type, so every documented field is in
 * the body. The alert entries are then replaced by `alerts`.
 */
export function alertmanagerBodyFromSchema(fill: {
  status: 'firing' | 'resolved';
  alerts: Array<Record<string, unknown>>;
  groupKey?: string;
}): Record<string, unknown> {
  const text = fixtureBytes('alertmanager/webhook-v4-format.docs-configuration-md.txt').toString('utf8');
  const json = text
    .replace(/\/\/[^\n]*/g, '')
    .replace(/"<resolved\|firing>"/g, JSON.stringify(fill.status))
    .replace(/"<rfc3339>"/g, '"2026-01-01T00:00:00Z"')
    .replace(/<string>/g, '"schema-value"')
    .replace(/<int>/g, '0')
    .replace(/<object>/g, '{}')
    .replace(/,\s*\.\.\.\s*\]/g, ']');
  const skeleton = JSON.parse(json) as Record<string, unknown>;
  const documentedAlert = (skeleton.alerts as Array<Record<string, unknown>>)[0] ?? {};
  return {
    ...skeleton,
    groupKey: fill.groupKey ?? '{}:{alertname="Documented"}',
    receiver: 'firebreak',
    externalURL: 'http://alertmanager.test:9093',
    notification_reason: 'new_alerts',
    alerts: fill.alerts.map((alert) => ({ ...documentedAlert, ...alert })),
  };
}
