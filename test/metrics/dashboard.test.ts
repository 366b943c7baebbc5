import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createMetrics } from '../../src/metrics/metrics.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Array<{ expr: string; datasource: { uid: string } }>;
}

const dashboard = JSON.parse(readFileSync(new URL('../../helm/dashboards/firebreak.json', import.meta.url), 'utf8')) as {
  uid: string;
  templating: { list: Array<{ name: string; type: string; query: string }> };
  panels: Panel[];
};
const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

describe('the Grafana dashboard', () => {
  it('takes its Prometheus data source as a variable, so it imports and provisions anywhere', () => {
    expect(dashboard.uid).toBe('firebreak');
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    for (const panel of panels) {
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
      for (const target of panel.targets ?? []) expect(target.datasource.uid, panel.title).toBe('${datasource}');
    }
  });

  it('has unique panel ids and no two panels on top of each other', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [index, a] of dashboard.panels.entries()) {
      expect(a.gridPos.x + a.gridPos.w, a.title).toBeLessThanOrEqual(24);
      for (const b of dashboard.panels.slice(index + 1)) {
        const overlap =
          a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w && a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
        expect(overlap, `${a.title} / ${b.title}`).toBe(false);
      }
    }
  });

  it('queries only metrics that Firebreak exposes', async () => {
    const exposed = new Set<string>();
    for (const metric of await createMetrics().registry.getMetricsAsJSON()) {
      exposed.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(`${metric.name}${suffix}`);
    }
    const used = new Set(exprs.flatMap((expr) => expr.match(/\b(?:firebreak|process|nodejs)_[a-z0-9_]+\b/g) ?? []));
    expect(used.size).toBeGreaterThan(15);
    for (const name of used) expect(exposed.has(name), name).toBe(true);
    // Every Firebreak metric has a panel.
    for (const name of exposed) {
      if (!name.startsWith('firebreak_') || /_(sum|count)$/.test(name)) continue;
      const base = name.replace(/_bucket$/, '');
      expect([...used].some((usedName) => usedName === name || usedName === `${base}_bucket`), name).toBe(true);
    }
  });

  it('writes every query in valid PromQL (promtool check rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'firebreak-dashboard-'));
    try {
      const rules = exprs.map((expr, index) => ({ record: `firebreak:dashboard_query:${index}`, expr: expr.replaceAll('$__rate_interval', '5m') }));
      writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const check = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' });
      if (check.error !== undefined) throw new Error(`promtool is needed (Debian package "prometheus"): ${check.error.message}`);
      expect(`${check.stdout}${check.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
