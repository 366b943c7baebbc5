import type { Command } from 'commander';
import type { TraceEntry } from '../../../agents/trace.js';
import { alertDecision, describeDecision } from '../../domain/alert-decision.js';
import { FirebreakError, isFirebreakError } from '../../errors/catalogue.js';
import type { Db } from '../../store/db.js';
import { sql } from '../../store/sql-file.js';
import { printJson } from '../format/json-output.js';
import { renderFields } from '../format/table.js';
import { withStore } from '../format/with-store.js';
import type { AlertRow as TriageAlertRow } from '../../store/triage/rows.js';

/** The alert log's row, with the columns only an explanation shows. */
interface AlertRow extends TriageAlertRow {
  links: Record<string, string>;
  ends_at: string | null;
  decided_at: string | null;
  trace: TraceEntry[];
}

interface SuppressionRow {
  reason: string;
  detail: Record<string, unknown>;
  at: string;
  lifted_at: string | null;
  lifted_reason: string | null;
}

interface IncidentRow {
  id: string;
  title: string;
  status: string;
  severity: string;
  service: string | null;
  playbook_id: string | null;
  created_at: string;
  notified_at: string | null;
  escalated_at: string | null;
}

/** Everything `firebreak explain` shows about one alert. */
export interface AlertExplanation {
  alert: Omit<AlertRow, 'trace'>;
  trace: TraceEntry[];
  suppressions: SuppressionRow[];
  incident: IncidentRow | null;
}

/** Reads an alert's explanation from the store; FB_ERR_NOT_FOUND when there is no such alert. */
export async function explainAlert(db: Db, id: number): Promise<AlertExplanation> {
  const [row] = await db.query<AlertRow>(sql('explain/alert'), [id]);
  if (row === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `ALERT_ID: no alert ${id}`);
  const suppressions = await db.query<SuppressionRow>(sql('explain/suppressions'), [id]);
  const [incident] = row.incident_id === null ? [] : await db.query<IncidentRow>(sql('explain/incident'), [row.incident_id]);
  const { trace, ...alert } = row;
  return { alert, trace, suppressions, incident: incident ?? null };
}

/** `2025-06-02 08:01:30Z`: the trace's steps are seconds apart, so seconds are kept. */
function at(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '' : `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

function evidenceText(evidence: Record<string, unknown> | undefined): string {
  if (evidence === undefined || Object.keys(evidence).length === 0) return '';
  const text = JSON.stringify(evidence);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function state(alert: AlertExplanation['alert']): string {
  const decision = alertDecision({ incidentId: alert.incident_id, suppressed: alert.suppressed, heldUntil: alert.held_until });
  return decision.kind === 'undecided' ? alert.status : `${alert.status}, ${describeDecision(decision)}`;
}

/** The explanation as an on-call engineer reads it: the alert, then why each step decided what it did. */
export function renderExplanation(explanation: AlertExplanation): string {
  const { alert, trace, suppressions, incident } = explanation;
  const out: string[] = [];
  out.push(`Alert ${alert.id}: ${alert.title.split('\n')[0] ?? ''}`);
  out.push(
    renderFields([
      ['Source', alert.source],
      ['Rule', alert.rule],
      ['Service', alert.service === null ? null : `${alert.service}${alert.environment === null ? '' : ` (${alert.environment})`}`],
      ['Severity', alert.severity],
      ['State', state(alert)],
      ['Labels', Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => `${name}=${value}`).join(' ')],
      ['Started', at(alert.starts_at)],
      ['Received', `${at(alert.first_received_at)}${alert.repeats > 0 ? ` (then ${alert.repeats} repeat(s), last ${at(alert.last_received_at)})` : ''}`],
      ['Resolved', at(alert.resolved_at)],
    ]).trimEnd(),
  );
  out.push('', 'Decision trace');
  if (trace.length === 0) out.push('  (no decision recorded yet)');
  for (const entry of trace) {
    out.push(`  ${at(entry.at)}  ${entry.step.padEnd(10)}  ${entry.decision}`);
    out.push(`      ${entry.reason}`);
    const evidence = evidenceText(entry.evidence);
    if (evidence !== '') out.push(`      evidence: ${evidence}`);
  }
  out.push('', 'Suppressions');
  if (suppressions.length === 0) out.push('  none');
  for (const suppression of suppressions) {
    const why = typeof suppression.detail.why === 'string' ? `: ${suppression.detail.why}` : '';
    out.push(`  ${at(suppression.at)}  ${suppression.reason}${why}`);
    if (suppression.lifted_at !== null) out.push(`      lifted ${at(suppression.lifted_at)}: ${suppression.lifted_reason ?? ''}`);
  }
  out.push('', 'Incident');
  if (incident === null) out.push('  none');
  else {
    out.push(`  ${incident.id}: ${incident.title}`);
    out.push(`      ${incident.status}, ${incident.severity}${incident.playbook_id === null ? '' : `, playbook ${incident.playbook_id}`}`);
    out.push(`      opened ${at(incident.created_at)}, notified ${incident.notified_at === null ? 'not yet' : at(incident.notified_at)}${incident.escalated_at === null ? '' : `, escalated ${at(incident.escalated_at)}`}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * `firebreak explain ALERT_ID [--json]`: why an alert was deduped, suppressed, held, grouped or notified — the
 * alert, its decision trace, its suppressions (lifted ones too) and its incident. No alert is silently ignored,
 * and this is where a human checks it. An unknown id is a one-line error pointing to `firebreak alerts`, exit 2.
 */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('Why an alert was deduped, suppressed, held, grouped or notified: its decision trace.')
    .argument('<alert-id>', 'the alert id (a number, as `firebreak alerts` and `firebreak incident show` list them)')
    .option('--json', 'print JSON')
    .action(async (idText: string, options: { json?: boolean }) => {
      if (!/^\d{1,15}$/.test(idText.trim())) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `ALERT_ID: expected a number, got "${idText}"`);
      const explanation = await withStore((db) => explainAlert(db, Number(idText.trim()))).catch((error: unknown) => {
        if (!isFirebreakError(error, 'FB_ERR_NOT_FOUND')) throw error;
        throw new FirebreakError('FB_ERR_NOT_FOUND', `${error.message}; \`firebreak alerts\` lists the alerts received, newest first`, error.context);
      });
      if (options.json === true) printJson(explanation);
      else process.stdout.write(renderExplanation(explanation));
    });
}
