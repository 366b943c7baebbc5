import { COMMUNICATION_TEMPLATES, type CommunicationTemplate } from '../domain/playbook.js';
import type { IncidentView } from './incident-view.js';
import { escapeText, mention } from './mrkdwn.js';

/**
 * The internal "incident started" notice of the source practice: what, where, how bad, who leads, and when the
 * next update comes.
 */
export function incidentStartedNotice(view: IncidentView): string {
  return [
    `:rotating_light: *Incident started: ${escapeText(view.id)}* ${escapeText(view.title)}`,
    `Severity *${view.severity}* · service *${escapeText(view.service ?? 'unknown')}* (${escapeText(view.environment ?? 'unknown')}) · lead ${mention(view.lead)}`,
    `Symptom: ${escapeText(view.symptom ?? 'being investigated')}`,
    'The lead posts an update in this thread every 20 to 30 minutes until it is resolved.',
  ].join('\n');
}

/**
 * The playbook's communication template for customers, filled with the incident's facts, for a human to copy
 * (never sent by Firebreak). Without a template on the playbook one is chosen from the root-cause category.
 */
export function externalDraft(view: IncidentView, template: CommunicationTemplate | null): { template: CommunicationTemplate; text: string } {
  const chosen = template ?? templateForCategory(view.category);
  const service = view.service ?? 'our service';
  const since = view.impactStartedAt ?? view.firstAlertAt ?? view.detectedAt;
  const sinceText = since === null ? 'recently' : `since ${new Date(since).toISOString().slice(11, 16)} UTC`;
  const symptom = view.symptom ?? view.title;
  const bodies: Record<CommunicationTemplate, string> = {
    'deployment-error': `We are aware of an issue affecting ${service} ${sinceText}, following a recent update: ${symptom}. Our team has identified the change involved and is rolling it back. We will post an update within 30 minutes.`,
    'critical-bug': `We are investigating a problem affecting ${service} ${sinceText}: ${symptom}. Some of you may be unable to complete actions in the application. Our engineers are working on a fix and we will post an update within 30 minutes.`,
    'traffic-spike': `${service} is experiencing an unusually high load ${sinceText}, which may cause slowness or errors: ${symptom}. We are adding capacity and will post an update within 30 minutes.`,
  };
  return { template: chosen, text: bodies[chosen] };
}

/** The draft as a thread message: clearly a draft, in a code block so it copies cleanly. */
export function externalDraftMessage(view: IncidentView, template: CommunicationTemplate | null): string {
  const draft = externalDraft(view, template);
  return `:memo: *Draft for customers* (template \`${draft.template}\`; review, then copy; Firebreak does not send it)\n\`\`\`${escapeText(draft.text)}\`\`\``;
}

/** A communication template named in the incident's evidence or ranked playbooks, if any. */
export function templateOf(value: unknown): CommunicationTemplate | null {
  return typeof value === 'string' && (COMMUNICATION_TEMPLATES as readonly string[]).includes(value) ? (value as CommunicationTemplate) : null;
}

function templateForCategory(category: string | null): CommunicationTemplate {
  if (category === 'deployment' || category === 'configuration') return 'deployment-error';
  if (category === 'traffic') return 'traffic-spike';
  return 'critical-bug';
}
