import { ROOT_CAUSE_CATEGORIES } from '../../domain/incident.js';
import { REMEDIATION_STATUSES } from '../../store/incident-log/incident-records.js';
import type { UiIncidentPage } from '../data/incident-log-view.js';
import { INCIDENT_TIME_FIELDS } from '../data/incident-log-view.js';
import { formatInputTime, formatTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { placeEvents, TIME_LABELS, timelineList, timelineSvg, timesStrip } from './incident-timeline.js';

export interface IncidentPageInput {
  page: UiIncidentPage;
  csrf: string;
  /** A one-line outcome of the last form posted: saved, or what was wrong with it. */
  notice?: { kind: 'saved' | 'error'; text: string };
}

/** An incident's full page: times, text kept apart, evidence on a timeline, playbook, remediations, edit forms. */
export function incidentPage({ page, csrf, notice }: IncidentPageInput): SafeHtml {
  const { incident } = page;
  const base = `/ui/incidents/${encodeURIComponent(incident.id)}`;
  const flags = [incident.drill && 'drill', incident.hotfix && 'hotfix', incident.rollback && 'rollback'].filter((flag): flag is string => typeof flag === 'string');
  const events = placeEvents(page);
  return html`<p class="crumbs"><a href="/ui">← Incident log</a></p>
<h1><span class="id">${incident.id}</span> ${incident.title}</h1>
<p class="meta"><span class="badge sev-${incident.severity}">${incident.severity}</span> <span class="badge status-${incident.status}">${incident.status.replace('_', ' ')}</span>
${flags.map((flag) => html` <span class="badge ${flag}">${flag}</span>`)}
${incident.service ? html` · service <strong>${incident.service}</strong>` : ''}${incident.environment ? html` (${incident.environment})` : ''}
 · lead <strong>${incident.lead ?? 'nobody yet'}</strong> · ${incident.origin}</p>
${notice ? html`<p class="notice ${notice.kind}" role="status">${notice.text}</p>` : ''}

<section><h2>Times</h2>
${timesStrip(page)}
${timelineSvg(events)}
</section>

<section class="three"><div><h2>Symptom</h2><p class="prose" data-testid="symptom">${incident.symptom ?? 'not written yet'}</p></div>
<div><h2>User impact</h2><p class="prose" data-testid="impact">${incident.impact ?? 'not written yet'}</p></div>
<div><h2>Root cause</h2><p class="prose" data-testid="root-cause">${incident.rootCause ?? 'not found yet'}</p><p class="sub">category: ${incident.category ?? 'not set'}</p></div></section>

<section><h2>Edit root cause, category and times</h2>
<form method="post" action="${base}" class="edit">
<input type="hidden" name="_csrf" value="${csrf}">
<label class="wide">Root cause <textarea name="rootCause" rows="3">${incident.rootCause ?? ''}</textarea></label>
<label>Category <select name="category"><option value="">not set</option>${ROOT_CAUSE_CATEGORIES.map((category) => html`<option value="${category}"${category === incident.category ? html` selected` : ''}>${category}</option>`)}</select></label>
${INCIDENT_TIME_FIELDS.map((field) => html`<label>${TIME_LABELS[field]} (UTC) <input type="datetime-local" name="${field}" value="${formatInputTime(incident[field])}"></label>`)}
<button type="submit">Save</button>
</form></section>

<section><h2>Remediations</h2>
${page.remediations.length === 0 ? html`<p class="empty">No remediation scheduled.</p>` : html`<table class="remediations"><thead><tr><th>Remediation</th><th>Owner</th><th>Due</th><th>Status</th><th>Verified</th><th></th></tr></thead><tbody>
${page.remediations.map((remediation) => html`<tr><td>${remediation.title}</td>
<td colspan="5"><form method="post" action="${base}/remediations/${remediation.id}" class="row-form">
<input type="hidden" name="_csrf" value="${csrf}">
<input name="owner" value="${remediation.owner ?? ''}" aria-label="owner" placeholder="owner">
<input type="date" name="due" value="${remediation.due ?? ''}" aria-label="due date">
<select name="status" aria-label="status">${REMEDIATION_STATUSES.map((status) => html`<option value="${status}"${status === remediation.status ? html` selected` : ''}>${status.replace('_', ' ')}</option>`)}</select>
<label class="check"><input type="checkbox" name="verified" value="true"${remediation.verified ? html` checked` : ''}> verified${remediation.verifiedBy ? html` by ${remediation.verifiedBy}` : ''}</label>
<button type="submit">Update</button>${lateBadge(remediation.due, remediation.status)}
</form></td></tr>`)}
</tbody></table>`}
<form method="post" action="${base}/remediations" class="row-form add">
<input type="hidden" name="_csrf" value="${csrf}">
<input name="title" required placeholder="what will be done" aria-label="new remediation">
<input name="owner" placeholder="owner" aria-label="owner of the new remediation">
<input type="date" name="due" aria-label="due date of the new remediation">
<button type="submit">Schedule remediation</button>
</form></section>

<section class="two"><div><h2>Playbook and checklist</h2>
<p>${incident.playbookId ? html`Playbook <strong>${incident.playbookId}</strong>` : 'No playbook matched.'}</p>
${page.checklist.length > 0 ? html`<ol class="checklist">${page.checklist.map((item) => html`<li>${item}</li>`)}</ol>` : ''}
<h2>Countermeasures</h2>
${page.countermeasures.length === 0 ? html`<p class="empty">None recorded.</p>` : html`<ul>${page.countermeasures.map((measure) => html`<li><time>${formatTime(measure.at)}</time> ${measure.action} — <strong>${measure.worked === null ? 'outcome unknown' : measure.worked ? 'worked' : 'did not work'}</strong>${measure.by ? html` (${measure.by})` : ''}</li>`)}</ul>`}
</div>
<div><h2>Similar incidents</h2>
${page.similar.length === 0 ? html`<p class="empty">None found.</p>` : html`<ul class="similar">${page.similar.map((similar) => html`<li><a href="/ui/incidents/${encodeURIComponent(similar.id)}">${similar.id}</a> ${similar.title}<div class="sub">${formatTime(similar.startedAt)} · ${similar.status.replace('_', ' ')}${similar.rootCause ? html` · root cause: ${similar.rootCause}` : ''}${similar.why ? html` · ${similar.why}` : ''}</div></li>`)}</ul>`}
<h2>Alerts</h2>
${page.alerts.length === 0 ? html`<p class="empty">No alert linked.</p>` : html`<ul class="alerts">${page.alerts.map((alert) => html`<li><time>${formatTime(alert.startsAt)}</time> <span class="badge">${alert.source}</span> ${alert.title}<div class="sub">rule ${alert.rule} · ${alert.status}${alert.repeats > 0 ? html` · repeated ${alert.repeats}×` : ''}</div></li>`)}</ul>`}
</div></section>

${page.logs.length > 0 ? html`<section><h2>Log extract</h2><pre class="logs">${page.logs.map((line) => html`${line.at ? `${formatTime(line.at)} ` : ''}${line.source ? `[${line.source}] ` : ''}${line.line}\n`)}</pre></section>` : ''}

<section><h2>Everything, in order</h2>
${timelineList(events)}
</section>`;
}

function lateBadge(due: string | null, status: string): SafeHtml {
  if (due === null || status === 'done' || status === 'cancelled') return html``;
  return due < new Date().toISOString().slice(0, 10) ? html` <span class="badge late">late</span>` : html``;
}
