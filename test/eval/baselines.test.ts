import { describe, expect, it } from 'vitest';
import { alertmanagerByService, pageEveryAlert } from '../../src/eval/baselines.js';
import type { Scenario, ScenarioEvent } from '../../src/eval/scenario.js';

const START = new Date('2025-06-02T08:00:00Z');

interface Fire {
  fingerprint: string;
  service: string;
  alertname?: string;
  status?: 'firing' | 'resolved';
  note?: string;
}

/** An Alertmanager (version 4) webhook event at scenario time `t`. */
function am(id: string, t: number, alerts: Fire[]): ScenarioEvent {
  const when = new Date(START.getTime() + t * 1000).toISOString();
  return {
    id,
    t,
    type: 'webhook',
    source: 'alertmanager',
    headers: {},
    body: {
      version: '4',
      status: alerts.some((alert) => (alert.status ?? 'firing') === 'firing') ? 'firing' : 'resolved',
      receiver: 'oncall',
      groupKey: '{}:{}',
      externalURL: 'http://alertmanager:9093',
      alerts: alerts.map((alert) => ({
        status: alert.status ?? 'firing',
        labels: { alertname: alert.alertname ?? 'HighErrorRate', service: alert.service, severity: 'warning' },
        annotations: { summary: `${alert.service} is unwell${alert.note ?? ''}` },
        startsAt: when,
        endsAt: alert.status === 'resolved' ? when : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: alert.fingerprint,
      })),
    },
  };
}

function scenario(events: ScenarioEvent[]): Scenario {
  return { dir: '/nowhere', name: 'baseline-case', start: START, silences: [], playbooks: [], events, historyFile: null, verdictsFile: null };
}

describe('page on every alert', () => {
  it('opens and notifies one incident per firing alert, at its own time, and dedupes only exact redeliveries (kept on their incident)', () => {
    const first = am('e1', 10, [{ fingerprint: 'a', service: 'orders' }, { fingerprint: 'b', service: 'orders' }]);
    const lines = pageEveryAlert(scenario([first, { ...first, id: 'e2', t: 12 }, am('e3', 40, [{ fingerprint: 'a', service: 'orders', note: ' again' }]), am('e4', 50, [{ fingerprint: 'a', service: 'orders', status: 'resolved' }])]));
    expect(lines.map((line) => [line.key, line.suppressed, line.notified_t ?? null])).toEqual([
      ['e1/0', null, 10],
      ['e1/1', null, 10],
      ['e2/0', 'duplicate', 10],
      ['e2/1', 'duplicate', 10],
      ['e3/0', null, 40],
    ]);
    expect(new Set(lines.filter((line) => line.suppressed === null).map((line) => line.incident)).size).toBe(3);
    expect(lines.every((line) => (line.playbook ?? null) === null && (line.similar ?? []).length === 0)).toBe(true);
  });
});

describe('Alertmanager route grouped by service', () => {
  it('groups one service within the window and notifies the group 30 s after its first alert', () => {
    const lines = alertmanagerByService(scenario([am('e1', 100, [{ fingerprint: 'a', service: 'orders' }]), am('e2', 340, [{ fingerprint: 'b', service: 'orders', alertname: 'Latency' }]), am('e3', 350, [{ fingerprint: 'c', service: 'search' }])]));
    expect(lines[0]?.incident).toBe(lines[1]?.incident);
    expect(lines[2]?.incident).not.toBe(lines[0]?.incident);
    expect(lines.map((line) => line.notified_t)).toEqual([130, 130, 380]);
  });

  it('treats a repeat of an alert still firing as a duplicate of its group, and nothing else as suppressed', () => {
    const lines = alertmanagerByService(scenario([am('e1', 0, [{ fingerprint: 'a', service: 'orders' }]), am('e2', 60, [{ fingerprint: 'a', service: 'orders', note: ' (repeat)' }])]));
    expect(lines[1]).toEqual({ key: 'e2/0', suppressed: 'duplicate', incident: lines[0]?.incident, notified_t: 30, playbook: null, similar: [] });
  });

  it('starts a new group (a new page) after a quiet window, after the group resolved, and after the repeat interval', () => {
    const lines = alertmanagerByService(
      scenario([
        am('e1', 0, [{ fingerprint: 'a', service: 'orders' }]),
        am('e2', 301, [{ fingerprint: 'b', service: 'orders' }]),
        am('e3', 400, [{ fingerprint: 'a', service: 'orders', status: 'resolved' }, { fingerprint: 'b', service: 'orders', status: 'resolved' }]),
        am('e4', 420, [{ fingerprint: 'a', service: 'orders' }]),
        ...Array.from({ length: 60 }, (_, index) => am(`r${index}`, 500 + index * 240, [{ fingerprint: `r${index}`, service: 'orders' }])),
      ]),
    );
    const incidents = lines.map((line) => line.incident);
    expect(incidents[1]).not.toBe(incidents[0]);
    expect(incidents[2]).not.toBe(incidents[1]);
    expect(incidents[3]).toBe(incidents[2]);
    // e4 opened its group at t=420: alerts every 4 minutes keep it open until 4 h later, then a new page.
    const groupOf = (t: number) => lines[3 + Math.round((t - 500) / 240)]?.incident;
    expect(groupOf(420 + 4 * 3600 - 260)).toBe(incidents[2]);
    expect(groupOf(420 + 4 * 3600 + 220)).not.toBe(incidents[2]);
  });
});
