/**
 * An alert storm written as a scenario folder (shared/scenarios/README.md format) for `npm run bench:triage`:
 * `alerts` firing alerts over `seconds` across `services` services and `rules` rules, sent as Alertmanager groups
 * (one to five alerts a body, grouped by rule and service as a route with `group_by: [alertname, service]` sends
 * them), and a resolution for most of them minutes later. Seeded, so every run replays the same storm. truth.json
 * labels nothing: the storm measures speed, not scores.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded } from '../support/seeded-random.js';

export interface StormShape {
  alerts: number;
  seconds: number;
  services: number;
  rules: number;
}

const START = Date.parse('2026-01-05T09:00:00Z');
const SEVERITIES = ['warning', 'warning', 'warning', 'critical'];

interface StormAlert {
  fingerprint: string;
  labels: Record<string, string>;
  startsAt: string;
}

function amEvent(id: string, t: number, status: 'firing' | 'resolved', alerts: StormAlert[]): string {
  const endsAt = status === 'resolved' ? new Date(START + t * 1000).toISOString() : '0001-01-01T00:00:00Z';
  const first = alerts[0]?.labels ?? {};
  return JSON.stringify({
    id,
    t: Math.round(t * 1000) / 1000,
    type: 'webhook',
    source: 'alertmanager',
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'Alertmanager/0.27.0' },
    body: {
      version: '4',
      groupKey: `{}:{alertname="${first.alertname}",service="${first.service}"}`,
      status,
      receiver: 'oncall',
      groupLabels: { alertname: first.alertname, service: first.service },
      commonLabels: { alertname: first.alertname, service: first.service },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.storm:9093',
      alerts: alerts.map((alert) => ({
        status,
        labels: alert.labels,
        annotations: { summary: `${alert.labels.alertname} on ${alert.labels.instance}`, description: `${alert.labels.service} is degraded` },
        startsAt: alert.startsAt,
        endsAt,
        generatorURL: 'http://prometheus.storm:9090/graph',
        fingerprint: alert.fingerprint,
      })),
    },
  });
}

/** Writes the storm scenario to a new temporary folder and returns it, with the number of firing alerts written. */
export function writeStormScenario(shape: StormShape): { dir: string; firing: number } {
  const random = seeded(20260105);
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-storm-'));
  mkdirSync(join(dir, 'playbooks'));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ format: 'firebreak-scenario/1', name: 'storm', description: `${shape.alerts} alerts in ${shape.seconds} s`, start: new Date(START).toISOString(), silences: [] }));
  writeFileSync(
    join(dir, 'playbooks', 'errors.yaml'),
    'id: error-rate\ntitle: Error rate up\nseverity: major\ncategory: application-bug\nmatch:\n  labels: { alertname: "(?i)error" }\nchecklist: [Which release?]\n',
  );
  const lines: Array<{ t: number; line: string }> = [];
  const truth: Record<string, { incident: null; noise: null }> = {};
  let written = 0;
  let body = 0;
  while (written < shape.alerts) {
    const rule = Math.floor(random() * shape.rules);
    const service = `svc-${Math.floor(random() * shape.services)}`;
    const size = Math.min(shape.alerts - written, 1 + Math.floor(random() * 5));
    const t = random() * shape.seconds;
    const alerts: StormAlert[] = Array.from({ length: size }, (_, index) => ({
      fingerprint: (written + index).toString(16).padStart(16, '0'),
      labels: { alertname: `Rule${rule}${rule % 3 === 0 ? 'ErrorRate' : 'Latency'}`, service, instance: `${service}-${written + index}`, severity: SEVERITIES[rule % SEVERITIES.length] ?? 'warning' },
      startsAt: new Date(START + t * 1000).toISOString(),
    }));
    body += 1;
    lines.push({ t, line: amEvent(`s${body}`, t, 'firing', alerts) });
    alerts.forEach((_, index) => (truth[`s${body}/${index}`] = { incident: null, noise: null }));
    // Most alerts resolve 1 to 30 minutes later, in one resolved notification for the group.
    if (random() < 0.7) {
      const resolvedT = t + 60 + random() * 1740;
      lines.push({ t: resolvedT, line: amEvent(`s${body}r`, resolvedT, 'resolved', alerts) });
    }
    written += size;
  }
  lines.sort((a, b) => a.t - b.t);
  writeFileSync(join(dir, 'events.jsonl'), `${lines.map((entry) => entry.line).join('\n')}\n`);
  writeFileSync(join(dir, 'truth.json'), JSON.stringify({ alerts: truth, incidents: {} }));
  return { dir, firing: written };
}
