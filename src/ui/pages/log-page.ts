import { INCIDENT_STATUSES, ROOT_CAUSE_CATEGORIES, SEVERITIES } from '../../domain/incident.js';
import type { IncidentLogQuery, IncidentLogRow, LogSortKey } from '../data/incident-log-view.js';
import { formatDuration, formatTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';

export interface LogPageInput {
  query: IncidentLogQuery;
  rows: IncidentLogRow[];
  total: number;
  facets: { services: string[]; leads: string[] };
}

const COLUMNS: Array<{ label: string; sort?: LogSortKey }> = [
  { label: 'Incident', sort: 'id' },
  { label: 'Start', sort: 'start' },
  { label: 'End', sort: 'end' },
  { label: 'Duration', sort: 'duration' },
  { label: 'Severity', sort: 'severity' },
  { label: 'Status', sort: 'status' },
  { label: 'Service', sort: 'service' },
  { label: 'Symptom' },
  { label: 'Root cause' },
  { label: 'Countermeasures' },
  { label: 'Remediations' },
];

/** The incident log as a table: filters on top (a GET form, so a filtered view is a link to share), sortable headers, pages. */
export function logPage(input: LogPageInput): SafeHtml {
  const { query, rows, total } = input;
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const first = total === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  const last = Math.min(total, query.page * query.pageSize);
  return html`<h1>Incident log</h1>
${filterForm(input)}
<p class="count" data-testid="count">${total === 0 ? 'No incident matches.' : html`${first}–${last} of ${total} incidents`}</p>
<div class="table-wrap">
<table class="log">
<thead><tr>${COLUMNS.map((column) => html`<th scope="col">${column.sort ? sortLink(query, column.sort, column.label) : column.label}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => logRow(row))}
</tbody>
</table>
</div>
${pager(query, pages)}`;
}

function logRow(row: IncidentLogRow): SafeHtml {
  const remediation = row.remediations.total === 0
    ? html`<span class="muted">none</span>`
    : html`${row.remediations.done}/${row.remediations.total} done${row.remediations.late > 0 ? html` <span class="badge late">${row.remediations.late} late</span>` : ''}`;
  return html`<tr>
<td><a href="/ui/incidents/${encodeURIComponent(row.id)}">${row.id}</a><div class="sub">${row.title}</div>${row.drill ? html`<span class="badge drill">drill</span>` : ''}</td>
<td class="nowrap">${formatTime(row.startedAt)}</td>
<td class="nowrap">${formatTime(row.endedAt)}</td>
<td class="nowrap">${formatDuration(row.durationMinutes)}</td>
<td><span class="badge sev-${row.severity}">${row.severity}</span></td>
<td><span class="badge status-${row.status}">${row.status.replace('_', ' ')}</span></td>
<td>${row.service ?? ''}</td>
<td class="text">${clip(row.symptom)}</td>
<td class="text">${clip(row.rootCause)}${row.category ? html`<div class="sub">${row.category}</div>` : ''}</td>
<td class="text">${row.countermeasures.slice(0, 3).map((item) => html`<div>${clip(item, 80)}</div>`)}${row.countermeasures.length > 3 ? html`<div class="sub">+${row.countermeasures.length - 3} more</div>` : ''}</td>
<td class="nowrap">${remediation}</td>
</tr>`;
}

function filterForm(input: LogPageInput): SafeHtml {
  const { query, facets } = input;
  const select = (name: string, label: string, values: readonly string[], current: string | undefined) => html`<label>${label}
<select name="${name}"><option value="">any</option>${values.map((value) => html`<option value="${value}"${value === current ? html` selected` : ''}>${value}</option>`)}</select></label>`;
  return html`<form class="filters" method="get" action="/ui" role="search">
<label>Search <input type="search" name="q" value="${query.text ?? ''}" placeholder="words of title, symptom, root cause"></label>
${select('status', 'Status', INCIDENT_STATUSES, query.status)}
${select('severity', 'Severity', SEVERITIES, query.severity)}
${select('service', 'Service', facets.services, query.service)}
${select('category', 'Category', ROOT_CAUSE_CATEGORIES, query.category)}
${select('lead', 'Lead', facets.leads, query.lead)}
<label>From <input type="date" name="from" value="${query.from ? query.from.toISOString().slice(0, 10) : ''}"></label>
<label>To <input type="date" name="to" value="${query.to ? new Date(query.to.getTime() - 86_400_000).toISOString().slice(0, 10) : ''}"></label>
<input type="hidden" name="sort" value="${query.sort}"><input type="hidden" name="dir" value="${query.direction}">
<button type="submit">Filter</button> <a href="/ui">Clear</a>
</form>`;
}

function sortLink(query: IncidentLogQuery, key: LogSortKey, label: string): SafeHtml {
  const active = query.sort === key;
  const direction = active && query.direction === 'desc' ? 'asc' : 'desc';
  const arrow = active ? (query.direction === 'desc' ? ' ▼' : ' ▲') : '';
  return html`<a href="${queryLink(query, { sort: key, dir: direction, page: '1' })}"${active ? html` aria-sort="${query.direction === 'desc' ? 'descending' : 'ascending'}"` : ''}>${label}${arrow}</a>`;
}

function pager(query: IncidentLogQuery, pages: number): SafeHtml {
  if (pages <= 1) return html``;
  const link = (page: number, label: string, rel: string) => html`<a rel="${rel}" href="${queryLink(query, { page: String(page) })}">${label}</a>`;
  return html`<nav class="pager" aria-label="pages">
${query.page > 1 ? link(query.page - 1, '← Newer page', 'prev') : ''}
<span>Page ${query.page} of ${pages}</span>
${query.page < pages ? link(query.page + 1, 'Next page →', 'next') : ''}
</nav>`;
}

/** The current view's URL with some parameters replaced (the values are escaped by `html` where it is used). */
export function queryLink(query: IncidentLogQuery, changes: Record<string, string>): string {
  const params = new URLSearchParams();
  const set = (name: string, value: string | undefined) => {
    if (value) params.set(name, value);
  };
  set('q', query.text);
  set('status', query.status);
  set('severity', query.severity);
  set('service', query.service);
  set('category', query.category);
  set('lead', query.lead);
  set('from', query.from?.toISOString().slice(0, 10));
  set('to', query.to ? new Date(query.to.getTime() - 86_400_000).toISOString().slice(0, 10) : undefined);
  set('sort', query.sort);
  set('dir', query.direction);
  set('page', String(query.page));
  for (const [name, value] of Object.entries(changes)) params.set(name, value);
  return `/ui?${params.toString()}`;
}

function clip(text: string | null, length = 140): string {
  if (text === null) return '';
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
