import type { WeeklyReport } from '../../reports/weekly-report.js';
import { barChart } from '../charts/bar-chart.js';
import { rateBars } from '../charts/rate-bars.js';
import { formatDuration, formatTime } from '../format.js';
import { html, type SafeHtml } from '../html.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The weekly indicators as charts, from the same report as `firebreak report weekly`: incidents, hotfixes and
 * rollbacks per week against their targets, noise removed, false-positive rate per rule, recurrences, and when
 * incidents happen.
 */
export function indicatorsPage(report: WeeklyReport): SafeHtml {
  const weeks = report.weeks.map((week) => week.week.slice(5));
  const noiseRemoved = report.noise.alertsReceived - report.noise.incidentsOpened;
  return html`<h1>Indicators</h1>
<p class="meta">The ${report.weeks.length} whole weeks from ${formatTime(report.from)} to ${formatTime(report.to)} (${report.timeZone}). Drills are not counted.
Mean time to acknowledge <strong>${seconds(report.mtta.meanSeconds)}</strong>, to resolve <strong>${seconds(report.mttr.meanSeconds)}</strong>.</p>
<section class="charts">
${barChart({ title: `Incidents per week (target: at most ${report.targets.incidents})`, categories: weeks, series: [{ name: 'incidents', values: report.weeks.map((w) => w.incidents), className: 'series-a' }], target: { value: report.targets.incidents, label: `target ≤ ${report.targets.incidents}` } })}
${barChart({ title: `Hotfixes and rollbacks per week (target: ${report.targets.hotfixes} and ${report.targets.rollbacks})`, categories: weeks, series: [
    { name: 'hotfixes', values: report.weeks.map((w) => w.hotfixes), className: 'series-c' },
    { name: 'rollbacks', values: report.weeks.map((w) => w.rollbacks), className: 'series-d' },
  ], target: { value: Math.max(report.targets.hotfixes, report.targets.rollbacks), label: 'target 0' } })}
${barChart({ title: 'Noise removed: alerts received vs incidents opened, per week', categories: weeks, series: [
    { name: 'alerts received', values: report.weeks.map((w) => w.alerts), className: 'series-e' },
    { name: 'incidents', values: report.weeks.map((w) => w.incidents), className: 'series-a' },
  ] })}
<p class="meta" data-testid="noise">${report.noise.alertsReceived} alerts received, ${report.noise.alertsSuppressed} suppressed, ${report.noise.incidentsOpened} incidents opened: <strong>${Math.max(0, noiseRemoved)}</strong> alerts nobody had to read.</p>
${rateBars('False-positive rate per alert rule (human verdicts), worst first', report.falsePositiveRates.slice(0, 15).map((rate) => ({ label: rate.rule, rate: rate.rate, note: `${rate.falsePositives} of ${rate.falsePositives + rate.truePositives}` })), 'No verdict recorded yet.')}
</section>

<section><h2>Recurrences (last ${report.recurrences.windowDays} days)</h2>
${report.recurrences.items.length === 0 ? html`<p class="empty">Nothing happened twice.</p>` : html`<table class="recurrences"><thead><tr><th>What they share</th><th>Times</th><th>Root cause found</th><th>Open remediations</th><th>Incidents</th></tr></thead><tbody>
${report.recurrences.items.map((item) => html`<tr><td>${item.shared.join(' · ')}</td><td><strong>${item.count}</strong></td><td>${item.rootCauseFound ? 'yes' : html`<span class="badge late">not yet</span>`}</td><td>${item.openRemediations}</td><td>${item.incidents.slice(-12).map((incident) => html`<a href="/ui/incidents/${encodeURIComponent(incident.id)}" title="${incident.title}">${incident.id}</a> `)}${item.incidents.length > 12 ? html`<span class="sub">and ${item.incidents.length - 12} earlier</span>` : ''}</td></tr>`)}
</tbody></table>`}
</section>

<section class="charts"><h2>When incidents happen (${report.timing.incidents} since ${formatTime(report.timing.from)})</h2>
${barChart({ title: 'By weekday', categories: WEEKDAYS, series: [{ name: 'incidents', values: report.timing.byWeekday, className: 'series-a' }], width: 320, height: 180 })}
${barChart({ title: `By hour (${report.timeZone})`, categories: report.timing.byHour.map((_, hour) => String(hour)), series: [{ name: 'incidents', values: report.timing.byHour, className: 'series-a' }], width: 640, height: 180 })}
${barChart({ title: 'By day of the month', categories: report.timing.byDayOfMonth.map((_, day) => String(day + 1)), series: [{ name: 'incidents', values: report.timing.byDayOfMonth, className: 'series-a' }], width: 640, height: 180 })}
<p class="meta">${report.timing.monthStart} on the first three days of a month, ${report.timing.monthEnd} on the last three.</p>
</section>`;
}

function seconds(value: number | null): string {
  return value === null ? 'n/a' : formatDuration(value / 60);
}
