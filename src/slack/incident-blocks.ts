import type { ActionRun } from '../actions/action-run.js';
import type { IncidentView } from './incident-view.js';
import { escapeText, mention, SLACK_LIMITS, slackTime, truncate } from './mrkdwn.js';

/** Action ids of the buttons; the interaction handler dispatches on them. Values carry a run or incident id. */
export const ACTION_IDS = {
  approve: 'fb_approve',
  reject: 'fb_reject',
  takeLead: 'fb_take_lead',
  falsePositive: 'fb_false_positive',
  resolve: 'fb_resolve',
  worked: 'fb_worked',
  notWorked: 'fb_not_worked',
} as const;

export type Block = Record<string, unknown>;

const SEVERITY_ICON: Record<string, string> = { critical: ':red_circle:', major: ':large_orange_circle:', minor: ':large_yellow_circle:' };
const STATUS_WORD: Record<string, string> = { open: 'Open', mitigated: 'Mitigated', resolved: 'Resolved', false_positive: 'False positive' };
const MAX_RUNS_SHOWN = 15;

/** The fallback text of the incident message (notifications, screen readers). */
export function incidentText(view: IncidentView): string {
  // the fallback `text` is read as mrkdwn: escaped like every other mrkdwn text
  return truncate(escapeText(`[${view.severity.toUpperCase()}] ${view.id} ${view.title} (${STATUS_WORD[view.status] ?? view.status})`), SLACK_LIMITS.headerText);
}

/**
 * The incident message in Block Kit, readable in ten seconds: what, where, how bad and who leads first; the
 * visible symptom apart from the suspected cause; then the evidence and the proposed actions with their buttons.
 * Every text is escaped and cut to Slack's limits, so alert content can neither break the layout nor mention anyone.
 */
export function incidentBlocks(view: IncidentView): Block[] {
  const blocks: Block[] = [];
  const closed = view.status === 'resolved' || view.status === 'false_positive';
  blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(`${stripEmoji(view.severity)} ${view.id} ${view.title}`, SLACK_LIMITS.headerText), emoji: true } });
  blocks.push({
    type: 'section',
    fields: [
      field('Severity', `${SEVERITY_ICON[view.severity] ?? ''} ${view.severity}`),
      field('Status', STATUS_WORD[view.status] ?? view.status),
      field('Service', escapeText(view.service ?? 'unknown')),
      field('Environment', escapeText(view.environment ?? 'unknown')),
      field('Lead', mention(view.lead)),
      field('Alerts', `${view.alerts.total} linked, ${view.alerts.firing} firing`),
    ],
  });
  blocks.push({
    type: 'section',
    fields: [
      field('Visible symptom', escapeText(view.symptom ?? '_not described yet_')),
      field('Suspected cause', escapeText(view.rootCause ?? view.suspectChange ?? '_unknown yet_')),
    ],
  });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(`First alert ${slackTime(view.firstAlertAt ?? view.impactStartedAt)}`),
      mrkdwn(`Detected ${slackTime(view.detectedAt)}`),
      mrkdwn(view.acknowledgedAt === null ? 'Not acknowledged' : `Acknowledged ${slackTime(view.acknowledgedAt)}`),
      ...(view.declaredBy !== null ? [mrkdwn(`Declared by ${mention(view.declaredBy)}`)] : []),
    ],
  });
  if (view.changes.length > 0 || view.suspectChange !== null) {
    const lines = view.changes.map((change) => `• ${escapeText(change.kind)} ${escapeText(change.version ?? '')} ${slackTime(change.at)}${change.author ? ` by ${escapeText(change.author)}` : ''}${change.description ? `: ${escapeText(change.description)}` : ''}`);
    if (view.suspectChange !== null) lines.unshift(`Suspect: ${escapeText(view.suspectChange)}`);
    blocks.push(section(`*Recent changes on ${escapeText(view.service ?? 'the service')}*\n${lines.join('\n')}`));
  }
  if (view.logLines.length > 0) {
    const budget = SLACK_LIMITS.sectionText - 40;
    let extract = '';
    for (const line of view.logLines.slice(0, 12)) {
      const next = truncate(line.replace(/```/g, "'''"), 300);
      if (extract.length + next.length + 1 > budget) break;
      extract += `${next}\n`;
    }
    blocks.push(section(`*Log extract*\n\`\`\`${escapeText(extract.trimEnd())}\`\`\``));
  }
  if (view.playbook !== null) {
    const checklist = view.checklist.map((item, index) => `${index + 1}. ${escapeText(item)}`).join('\n');
    blocks.push(section(`*Playbook* \`${escapeText(view.playbook.id)}\`${view.playbook.why ? ` (${escapeText(view.playbook.why)})` : ''}${checklist ? `\n${checklist}` : ''}`));
  }
  if (view.similar.length > 0) {
    const lines = view.similar.slice(0, 5).map((similar) => `• *${escapeText(similar.id)}* ${escapeText(similar.title)}: ${escapeText(similar.rootCause ?? 'root cause not recorded')}${similar.why ? ` _(${escapeText(similar.why)})_` : ''}`);
    blocks.push(section(`*Similar past incidents*\n${lines.join('\n')}`));
  }
  if (view.runs.length > 0) {
    blocks.push({ type: 'divider' });
    const shown = view.runs.slice(-MAX_RUNS_SHOWN);
    for (const run of shown) blocks.push(...runBlocks(run, closed));
    if (view.runs.length > shown.length) blocks.push({ type: 'context', elements: [mrkdwn(`${view.runs.length - shown.length} earlier action run(s): \`firebreak proposals --incident ${view.id}\``)] });
  }
  if (!closed) {
    blocks.push({
      type: 'actions',
      block_id: `incident:${view.id}`,
      elements: [
        button('Take lead', ACTION_IDS.takeLead, view.id),
        button('False positive', ACTION_IDS.falsePositive, view.id, undefined, confirm('Mark as false positive?', 'The incident closes as false positive and the verdict counts against its alert rules.')),
        button('Resolve', ACTION_IDS.resolve, view.id, 'primary'),
      ],
    });
  }
  return blocks;
}

function runBlocks(run: ActionRun, closed: boolean): Block[] {
  const approvals = run.requiredApprovals > 1 ? ` · approvals ${run.approvers.length}/${run.requiredApprovals}` : '';
  let state: string = run.status;
  if (run.status === 'rejected') state = `rejected by ${mentions(run.decidedBy)}`;
  if (run.status === 'succeeded' || run.status === 'failed') state = `${run.status} (approved by ${mentions(run.decidedBy)})${run.worked === null ? '' : run.worked ? ' · worked' : ' · did not work'}`;
  const lines = [`*${run.id}* ${escapeText(run.title)}`, `\`${run.kind}\` · risk *${run.risk}* · ${state}${approvals}`];
  if (run.notice !== null) lines.push(`:warning: ${escapeText(run.notice)}`);
  if (run.result !== null) lines.push(`Result: ${escapeText(truncate(run.result, 500))}`);
  const blocks: Block[] = [section(lines.join('\n'))];
  if (run.status === 'proposed' && (!closed || run.playbookId === 'false-positive')) blocks.push(decisionButtons(run));
  return blocks;
}

/** Approve / Reject for a proposed run; approving a high-risk run asks for confirmation first. */
export function decisionButtons(run: ActionRun): Block {
  const approve = run.risk === 'high'
    ? button('Approve', ACTION_IDS.approve, run.id, 'primary', confirm('Approve a high-risk action?', `${truncate(run.title, 200)} needs two distinct approvers; it runs once the second approves.`))
    : button('Approve', ACTION_IDS.approve, run.id, 'primary');
  return { type: 'actions', block_id: `run:${run.id}`, elements: [approve, button('Reject', ACTION_IDS.reject, run.id, 'danger')] };
}

function mentions(users: string | null): string {
  if (users === null) return 'nobody';
  return users.split(',').map((user) => mention(user.trim())).join(' and ');
}

function stripEmoji(severity: string): string {
  return `[${severity.toUpperCase()}]`;
}

function field(label: string, value: string): Block {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, SLACK_LIMITS.field) };
}

function mrkdwn(text: string): Block {
  return { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) };
}

/** A section of mrkdwn, cut to Slack's 3000 characters. */
export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

/** A button; `value` carries the run or incident id it acts on. */
export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger', confirmation?: Block): Block {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.buttonText) },
    action_id: actionId,
    value: truncate(value, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
    ...(confirmation ? { confirm: confirmation } : {}),
  };
}

function confirm(title: string, text: string): Block {
  return { title: { type: 'plain_text', text: truncate(title, 100) }, text: { type: 'plain_text', text: truncate(text, 300) }, confirm: { type: 'plain_text', text: 'Yes' }, deny: { type: 'plain_text', text: 'Cancel' } };
}
