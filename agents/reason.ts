/**
 * Reason: the triage a senior engineer would write from the evidence, built deterministically (an optional LLM
 * may add to it later, never replace it): severity (one of three), root-cause category, the visible symptom and
 * the suspected cause kept apart, and a title a human reads in ten seconds.
 */
import { maxSeverity, type RootCauseCategory, type Severity } from '../src/domain/incident.js';
import type { Playbook } from '../src/domain/playbook.js';
import type { StoredAlert } from './ports/alert-log.js';
import type { SuspectChange } from './correlate.js';

export interface Reasoning {
  title: string;
  severity: Severity;
  category: RootCauseCategory | null;
  symptom: string;
  suspectedCause: string | null;
}

const MAJOR_WORDS = /^(critical|crit|page|p1|p0|sev1|sev-1|fatal|emergency|high|error)$/i;

/** The sender's severity word mapped onto the three levels; an alert alone never makes an incident critical. */
function severityOfAlert(alert: StoredAlert): Severity {
  return alert.severity !== null && MAJOR_WORDS.test(alert.severity.trim()) ? 'major' : 'minor';
}

export function reason(input: { alerts: readonly StoredAlert[]; playbook: Playbook | null; suspects: readonly SuspectChange[] }): Reasoning {
  const { alerts, playbook, suspects } = input;
  const first = alerts[0];
  const alertSeverity = alerts.reduce<Severity>((severity, alert) => maxSeverity(severity, severityOfAlert(alert)), 'minor');
  const severity = playbook === null ? alertSeverity : maxSeverity(playbook.severity, alertSeverity === 'major' && playbook.severity === 'minor' ? 'major' : 'minor');
  const suspect = suspects[0];
  let category: RootCauseCategory | null = playbook?.category ?? null;
  if (category === null && suspect !== undefined) category = suspect.change.kind === 'config' ? 'configuration' : 'deployment';
  const titles = [...new Set(alerts.map((alert) => alert.title.split('\n')[0] ?? ''))];
  const services = [...new Set(alerts.map((alert) => alert.service).filter((service): service is string => service !== null))];
  const symptom = `${titles.slice(0, 3).join('; ')}${titles.length > 3 ? ` (+${titles.length - 3} more)` : ''}${services.length > 0 ? ` on ${services.slice(0, 4).join(', ')}` : ''}`;
  const causes: string[] = [];
  if (suspect !== undefined) {
    causes.push(`${suspect.change.kind} of ${suspect.change.service}${suspect.change.version ? ` ${suspect.change.version}` : ''} at ${suspect.change.at}`);
  }
  if (playbook !== null) causes.push(playbook.title);
  const firstTitle = (first?.title ?? 'Alert').split('\n')[0] ?? 'Alert';
  const title = first?.service && !firstTitle.toLowerCase().includes(first.service.toLowerCase()) ? `${first.service}: ${firstTitle}` : firstTitle;
  return { title: title.slice(0, 200), severity, category, symptom: symptom.slice(0, 1000), suspectedCause: causes.length > 0 ? `Suspected: ${causes.join('; ')}` : null };
}
