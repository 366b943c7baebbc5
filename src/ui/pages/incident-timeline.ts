import type { UiIncidentPage } from '../data/incident-log-view.js';
import { INCIDENT_TIME_FIELDS, type IncidentTimeField } from '../data/incident-log-view.js';
import { formatDuration, formatTime, minutesBetween } from '../format.js';
import { html, type SafeHtml } from '../html.js';

export const TIME_LABELS: Record<IncidentTimeField, string> = {
  impactStartedAt: 'Impact start',
  detectedAt: 'Detection',
  acknowledgedAt: 'Acknowledgement',
  mitigatedAt: 'Mitigation',
  resolvedAt: 'Resolution',
};

const LANES = ['alert', 'change', 'log', 'countermeasure', 'action'] as const;
type Lane = (typeof LANES)[number];
const LANE_LABELS: Record<Lane, string> = { alert: 'Alerts', change: 'Changes', log: 'Logs', countermeasure: 'Countermeasures', action: 'Action runs' };

export interface PlacedEvent {
  at: number;
  lane: Lane | 'milestone' | 'note';
  label: string;
  detail: string;
}

/** Every dated thing on the page, oldest first: the five times, alerts, changes, log lines, countermeasures, runs, notes. */
export function placeEvents(page: UiIncidentPage): PlacedEvent[] {
  const events: PlacedEvent[] = [];
  const add = (at: string | null, lane: PlacedEvent['lane'], label: string, detail = '') => {
    if (at !== null && !Number.isNaN(Date.parse(at))) events.push({ at: Date.parse(at), lane, label, detail });
  };
  for (const field of INCIDENT_TIME_FIELDS) add(page.incident[field], 'milestone', TIME_LABELS[field]);
  for (const alert of page.alerts) add(alert.startsAt, 'alert', `${alert.source}: ${alert.title}`, `rule ${alert.rule}, ${alert.status}`);
  for (const change of page.changes) add(change.at, 'change', `${change.kind} ${change.service}${change.version ? ` ${change.version}` : ''}`, [change.author, change.description].filter(Boolean).join(' — '));
  for (const line of page.logs) add(line.at, 'log', line.line, line.source ?? '');
  for (const measure of page.countermeasures) add(measure.at, 'countermeasure', measure.action, measure.worked === null ? 'outcome unknown' : measure.worked ? 'worked' : 'did not work');
  for (const run of page.actionRuns) add(run.decidedAt ?? run.proposedAt, 'action', `${run.title} (${run.status})`, run.decidedBy ? `decided by ${run.decidedBy}` : 'proposed');
  for (const entry of page.timeline) add(entry.at, 'note', entry.summary, entry.actor);
  return events.sort((a, b) => a.at - b.at);
}

/** The five times side by side, with how long each step took after the one before. */
export function timesStrip(page: UiIncidentPage): SafeHtml {
  let previous: string | null = null;
  const cells = INCIDENT_TIME_FIELDS.map((field) => {
    const value = page.incident[field];
    const step = value !== null && previous !== null ? formatDuration(minutesBetween(previous, value)) : '';
    if (value !== null) previous = value;
    return html`<div class="time-cell${value === null ? ' missing' : ''}" data-time="${field}"><div class="label">${TIME_LABELS[field]}</div><div class="value">${value === null ? 'not recorded' : formatTime(value)}</div>${step ? html`<div class="sub">+${step}</div>` : ''}</div>`;
  });
  return html`<div class="times">${cells}</div>`;
}

/**
 * The incident drawn on one time axis: the five times as labelled vertical lines, the evidence as dots in lanes.
 * Each dot has a <title> with what it is; the list below the drawing says the same in words.
 */
export function timelineSvg(events: PlacedEvent[]): SafeHtml {
  const placed = events.filter((event) => event.lane !== 'note');
  if (placed.length === 0) return html`<p class="empty">No times recorded yet.</p>`;
  const width = 960;
  const left = 130;
  const right = 110;
  const laneHeight = 26;
  const top = 34;
  const height = top + LANES.length * laneHeight + 28;
  const min = Math.min(...placed.map((event) => event.at));
  const max = Math.max(...placed.map((event) => event.at));
  const span = Math.max(max - min, 60_000);
  const x = (at: number) => Math.round((left + ((at - min) / span) * (width - left - right)) * 10) / 10;
  const lanes = LANES.map((lane, index) => html`<text class="tick" x="${left - 10}" y="${top + index * laneHeight + 17}" text-anchor="end">${LANE_LABELS[lane]}</text><line class="grid" x1="${left}" x2="${width - right}" y1="${top + index * laneHeight + 13}" y2="${top + index * laneHeight + 13}"/>`);
  const milestones = placed.filter((event) => event.lane === 'milestone').map((event, index) => html`<g class="milestone"><line x1="${x(event.at)}" x2="${x(event.at)}" y1="${14}" y2="${top + LANES.length * laneHeight}"/><text class="milestone-label" x="${x(event.at) + 3}" y="${index % 2 === 0 ? 12 : 26}">${event.label}</text><title>${event.label}: ${formatTime(new Date(event.at))}</title></g>`);
  const dots = placed.filter((event) => event.lane !== 'milestone').map((event) => {
    const lane = LANES.indexOf(event.lane as Lane);
    return html`<circle class="dot lane-${event.lane}" cx="${x(event.at)}" cy="${top + lane * laneHeight + 13}" r="5"><title>${formatTime(new Date(event.at))} ${event.label}${event.detail ? ` — ${event.detail}` : ''}</title></circle>`;
  });
  return html`<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Incident timeline">
${lanes}${milestones}${dots}
<text class="tick" x="${left}" y="${height - 6}">${formatTime(new Date(min))}</text>
<text class="tick" x="${width - right}" y="${height - 6}" text-anchor="end">${formatTime(new Date(max))}</text>
</svg>`;
}

/** The same events in words, oldest first. */
export function timelineList(events: PlacedEvent[]): SafeHtml {
  return html`<ol class="events">${events.map((event) => html`<li class="event lane-${event.lane}"><time>${formatTime(new Date(event.at))}</time> <span class="kind">${event.lane === 'note' ? 'log entry' : event.lane}</span> <span class="what">${event.label}</span>${event.detail ? html` <span class="sub">${event.detail}</span>` : ''}</li>`)}</ol>`;
}
