import type { IncidentPage } from '../../store/incident-log/incident-records.js';
import { renderFields, renderTable, truncate } from './table.js';
import { formatDuration, formatTime } from './time-format.js';

/**
 * `firebreak incident show` for a person: the times with how long each step took, the three texts the practice
 * keeps apart (symptom, impact, root cause), then timeline, alerts, countermeasures, remediations, actions and
 * similar past incidents.
 */
export function renderIncidentPage(page: IncidentPage): string {
  const i = page.incident;
  const flags = [i.drill ? 'drill' : '', i.hotfix ? 'hotfix' : '', i.rollback ? 'rollback' : ''].filter((flag) => flag !== '');
  const out: string[] = [];
  out.push(`${i.id}  ${i.title}\n`);
  out.push(
    renderFields([
      ['Status', i.status],
      ['Severity', i.severity],
      ['Service', [i.service, i.environment].filter((part) => part !== null).join(' / ')],
      ['Lead', i.lead],
      ['Origin', i.origin],
      ['Playbook', i.playbookId],
      ['Flags', flags.join(', ')],
      ['Tags', i.tags.join(', ')],
    ]),
  );
  out.push(section('Times'));
  const start = i.impactStartedAt;
  out.push(
    renderTable(
      [
        { step: 'Impact started', at: i.impactStartedAt, after: null, since: null },
        { step: 'Detected', at: i.detectedAt, after: start, since: 'impact start' },
        { step: 'Acknowledged', at: i.acknowledgedAt, after: i.detectedAt, since: 'detection' },
        { step: 'Mitigated', at: i.mitigatedAt, after: i.acknowledgedAt ?? i.detectedAt, since: i.acknowledgedAt === null ? 'detection' : 'acknowledgement' },
        { step: 'Resolved', at: i.resolvedAt, after: i.mitigatedAt ?? i.detectedAt, since: i.mitigatedAt === null ? 'detection' : 'mitigation' },
      ],
      [
        { head: 'Step', cell: (row) => row.step },
        { head: 'At', cell: (row) => formatTime(row.at) },
        { head: 'Took', cell: (row) => { const took = formatDuration(row.after, row.at); return took === '' ? '' : `${took} after ${row.since}`; } },
        { head: 'Since impact', cell: (row) => formatDuration(start, row.at) },
      ],
    ),
  );
  out.push(section('What happened'));
  out.push(renderFields([
    ['Symptom', i.symptom],
    ['Impact', i.impact],
    ['Root cause', i.rootCause],
    ['Category', i.category],
  ]));
  out.push(section(`Timeline (${page.timeline.length})`));
  out.push(page.timeline.length === 0 ? '(empty)\n' : page.timeline.map((entry) => `${formatTime(entry.at)}  ${entry.actor}: ${entry.summary}`).join('\n') + '\n');
  out.push(section(`Linked alerts (${page.alerts.length})`));
  out.push(page.alerts.length === 0 ? '(none)\n' : renderTable(page.alerts, [
    { head: 'Alert', cell: (a) => a.id },
    { head: 'Source', cell: (a) => a.source },
    { head: 'Rule', cell: (a) => a.rule, maxWidth: 32 },
    { head: 'Status', cell: (a) => a.status },
    { head: 'Since', cell: (a) => formatTime(a.startsAt) },
    { head: 'Title', cell: (a) => a.title, maxWidth: 50 },
    { head: 'Suppressed', cell: (a) => a.suppressed },
  ]));
  out.push(section(`Countermeasures (${page.countermeasures.length})`));
  out.push(page.countermeasures.length === 0 ? '(none)\n' : renderTable(page.countermeasures, [
    { head: 'Id', cell: (c) => c.id },
    { head: 'At', cell: (c) => formatTime(c.at) },
    { head: 'Action', cell: (c) => c.action, maxWidth: 60 },
    { head: 'Worked', cell: (c) => (c.worked === null ? '?' : c.worked ? 'yes' : 'no') },
    { head: 'By', cell: (c) => c.by },
  ]));
  out.push(section(`Remediations (${page.remediations.length})`));
  out.push(page.remediations.length === 0 ? '(none)\n' : renderTable(page.remediations, [
    { head: 'Id', cell: (r) => r.id },
    { head: 'Title', cell: (r) => r.title, maxWidth: 50 },
    { head: 'Owner', cell: (r) => r.owner },
    { head: 'Due', cell: (r) => r.due },
    { head: 'Status', cell: (r) => r.status },
    { head: 'Verified', cell: (r) => (r.verified ? `yes (${r.verifiedBy ?? '?'})` : 'no') },
  ]));
  if (page.actionRuns.length > 0) {
    out.push(section(`Actions (${page.actionRuns.length})`));
    out.push(renderTable(page.actionRuns, [
      { head: 'Run', cell: (r) => r.id },
      { head: 'Action', cell: (r) => r.title, maxWidth: 40 },
      { head: 'Risk', cell: (r) => r.risk },
      { head: 'Status', cell: (r) => r.status },
      { head: 'Decided by', cell: (r) => r.decidedBy },
      { head: 'Result', cell: (r) => r.result, maxWidth: 40 },
    ]));
  }
  out.push(section(`Similar past incidents (${page.similar.length})`));
  out.push(page.similar.length === 0 ? '(none found)\n' : renderTable(page.similar, [
    { head: 'ID', cell: (s) => s.id },
    { head: 'Started', cell: (s) => formatTime(s.startedAt) },
    { head: 'Sev', cell: (s) => s.severity },
    { head: 'Title', cell: (s) => s.title, maxWidth: 50 },
    { head: 'Root cause', cell: (s) => truncate(s.rootCause ?? '', 50) },
    { head: 'Score', cell: (s) => (s.score === null ? '' : s.score.toFixed(2)) },
  ]));
  return out.join('');
}

function section(title: string): string {
  return `\n${title}\n`;
}
