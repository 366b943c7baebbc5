import type { Db } from '../../../src/store/db.js';

/**
 * What triage decided, in terms that do not depend on which process decided it or in which order: incident ids
 * (INC-0001...) are replaced by the sorted list of the alerts they hold, alerts are named by source, fingerprint
 * and episode.
 */
export interface TriageSnapshot {
  /** Each incident opened by triage, as the sorted keys of its alerts. Sorted. */
  incidents: string[];
  /** Incidents (as above) whose humans were notified. Sorted. */
  notified: string[];
  /** Per alert episode: suppressed (reason), held, and the incident it joined (named by its first alert). */
  alerts: Record<string, string>;
  /** Incident notifications queued for Slack, per incident (as above). */
  slackIncidentMessages: Record<string, number>;
  /** Per alert episode, its trace ("step: decision (reason)"): why it was decided so, for a failure's message. */
  traces: Record<string, string[]>;
}

interface AlertRow {
  source: string;
  fingerprint: string;
  suppressed: string | null;
  held: boolean;
  incident_id: string | null;
  trace: Array<{ step: string; decision: string; reason: string }>;
}

export async function triageSnapshot(db: Db): Promise<TriageSnapshot> {
  const rows = await db.query<AlertRow>(
    `SELECT source, fingerprint, suppressed, held_until IS NOT NULL AS held, incident_id, trace
       FROM alerts ORDER BY source, fingerprint, first_received_at, id`,
  );
  const episodes = new Map<string, number>();
  const members = new Map<string, string[]>();
  const keyed: Array<{ key: string; row: AlertRow }> = [];
  for (const row of rows) {
    const name = `${row.source}/${row.fingerprint}`;
    const episode = episodes.get(name) ?? 0;
    episodes.set(name, episode + 1);
    const key = `${name}#${episode}`;
    keyed.push({ key, row });
    if (row.incident_id !== null) members.set(row.incident_id, [...(members.get(row.incident_id) ?? []), key]);
  }
  const nameOf = new Map([...members].map(([id, keys]) => [id, keys.sort().join(' + ')]));
  const triage = await db.query<{ id: string; notified: boolean }>(
    `SELECT id, notified_at IS NOT NULL AS notified FROM incidents WHERE origin = 'triage'`,
  );
  const messages = await db.query<{ incident_id: string; count: string }>(
    `SELECT incident_id, count(*)::text AS count FROM slack_outbox WHERE kind = 'incident' GROUP BY incident_id`,
  );
  const alerts: Record<string, string> = {};
  const traces: Record<string, string[]> = {};
  for (const { key, row } of keyed) {
    traces[key] = row.trace.map((entry) => `${entry.step}: ${entry.decision} (${entry.reason})`);
    const state = [
      row.suppressed !== null ? `suppressed ${row.suppressed}` : null,
      row.held ? 'held' : null,
      row.incident_id !== null ? `incident of ${members.get(row.incident_id)?.[0]}` : null,
    ].filter((part): part is string => part !== null);
    alerts[key] = state.length > 0 ? state.join(', ') : 'undecided';
  }
  const label = (id: string) => nameOf.get(id) ?? `(no alerts) ${id}`;
  return {
    incidents: triage.map((incident) => label(incident.id)).sort(),
    notified: triage.filter((incident) => incident.notified).map((incident) => label(incident.id)).sort(),
    alerts,
    slackIncidentMessages: Object.fromEntries(messages.map((row) => [label(row.incident_id), Number(row.count)])),
    traces,
  };
}

/** The alerts two runs decided differently, each with both traces: what a failed comparison should show. */
export function decisionDifferences(expected: TriageSnapshot, actual: TriageSnapshot): string {
  const keys = [...new Set([...Object.keys(expected.alerts), ...Object.keys(actual.alerts)])].sort();
  const lines: string[] = [];
  for (const key of keys.filter((candidate) => expected.alerts[candidate] !== actual.alerts[candidate])) {
    lines.push(`${key}: ${expected.alerts[key] ?? '(absent)'} -> ${actual.alerts[key] ?? '(absent)'}`);
    for (const [run, snapshot] of [['expected', expected], ['actual', actual]] as const) {
      for (const entry of snapshot.traces[key] ?? []) lines.push(`  ${run.padEnd(8)} ${entry}`);
    }
  }
  return lines.length === 0 ? 'the same decision for every alert' : lines.join('\n');
}
