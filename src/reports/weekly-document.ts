import type { ReportDocument } from './report-document.js';
import { againstTarget, formatDate, formatDuration, formatPercent, formatTime, plural, secondsBetween } from './report-format.js';
import { ordinal } from './recurrences.js';
import type { WeeklyReport } from './weekly-report.js';

/** Rules listed in the text and markdown formats; JSON lists them all. */
const MAX_RULES_SHOWN = 15;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The weekly report as people read it (text, markdown, Slack). */
export function weeklyDocument(report: WeeklyReport): ReportDocument {
  const tz = report.timeZone;
  const weeks = report.weeks.length;
  const over = (pick: (week: WeeklyReport['weeks'][number]) => number, target: number) =>
    report.weeks.filter((week) => pick(week) > target).length;
  return {
    title: `Firebreak weekly report: ${weeks} weeks to ${formatDate(report.to, tz)} (${tz})`,
    sections: [
      {
        heading: 'Stability indicators (drills excluded)',
        blocks: [
          {
            kind: 'table',
            header: ['week of', 'incidents', 'hotfixes', 'rollbacks', 'alerts', 'MTTA', 'MTTR'],
            right: [1, 2, 3, 4, 5, 6],
            rows: [
              ...report.weeks.map((week) => [
                week.week,
                againstTarget(week.incidents, report.targets.incidents),
                againstTarget(week.hotfixes, report.targets.hotfixes),
                againstTarget(week.rollbacks, report.targets.rollbacks),
                String(week.alerts),
                formatDuration(week.mttaSeconds),
                formatDuration(week.mttrSeconds),
              ]),
              ['target', `<= ${report.targets.incidents}`, String(report.targets.hotfixes), String(report.targets.rollbacks), '', '', ''],
            ],
          },
          {
            kind: 'lines',
            lines: [
              `Weeks over target: incidents ${over((w) => w.incidents, report.targets.incidents)} of ${weeks}, ` +
                `hotfixes ${over((w) => w.hotfixes, report.targets.hotfixes)} of ${weeks}, ` +
                `rollbacks ${over((w) => w.rollbacks, report.targets.rollbacks)} of ${weeks}.`,
            ],
          },
        ],
      },
      {
        heading: `Response times (${weeks} weeks)`,
        blocks: [
          {
            kind: 'lines',
            lines: [
              `- Mean time to acknowledge: ${formatDuration(report.mtta.meanSeconds)} (${plural(report.mtta.incidents, 'incident')})`,
              `- Mean time to resolve: ${formatDuration(report.mttr.meanSeconds)} (${plural(report.mttr.incidents, 'incident')})`,
            ],
          },
        ],
      },
      {
        heading: `Recurrences (${report.recurrences.windowDays} days)`,
        blocks: [
          {
            kind: 'lines',
            lines:
              report.recurrences.items.length === 0
                ? ['- none: no root cause or playbook came back']
                : report.recurrences.items.map((item) => {
                    const incidents = item.incidents.map((incident) => `${incident.id} ${formatDate(incident.happenedAt, tz)}`).join(', ');
                    const cause = item.rootCauseFound ? 'root cause known' : 'root cause still not found';
                    const remediations = item.openRemediations > 0 ? `; ${plural(item.openRemediations, 'open remediation')}` : '';
                    return `- ${item.shared.join(', ')}: the ${ordinal(item.count)} time in ${report.recurrences.windowDays} days (${incidents}); ${cause}${remediations}`;
                  }),
          },
        ],
      },
      {
        heading: 'False-positive rate per rule (worst first)',
        blocks:
          report.falsePositiveRates.length === 0
            ? [{ kind: 'lines', lines: ['- no verdicts yet'] }]
            : [
                {
                  kind: 'table',
                  header: ['rule', 'false positives', 'false', 'true'],
                  right: [1, 2, 3],
                  rows: report.falsePositiveRates
                    .slice(0, MAX_RULES_SHOWN)
                    .map((rate) => [rate.rule, formatPercent(rate.rate), String(rate.falsePositives), String(rate.truePositives)]),
                },
                ...(report.falsePositiveRates.length > MAX_RULES_SHOWN
                  ? [{ kind: 'lines' as const, lines: [`... and ${report.falsePositiveRates.length - MAX_RULES_SHOWN} more rules (--format json lists them all)`] }]
                  : []),
              ],
      },
      {
        heading: `Alerts received vs incidents opened (${weeks} weeks)`,
        blocks: [{ kind: 'lines', lines: noiseLines(report) }],
      },
      {
        heading: `When incidents happen (${report.timing.incidents} incidents since ${formatDate(report.timing.from, tz)}, ${tz})`,
        blocks: [{ kind: 'lines', lines: timingLines(report) }],
      },
      {
        heading: 'Drills (not counted above)',
        blocks: [
          {
            kind: 'lines',
            lines:
              report.drills.length === 0
                ? ['- none in these weeks (firebreak drill start runs one)']
                : report.drills.map((drill) => {
                    const ack = drill.acknowledgedAt === null ? 'not acknowledged' : `acknowledged in ${formatDuration(secondsBetween(drill.happenedAt, drill.acknowledgedAt))}`;
                    const resolved = drill.resolvedAt === null ? 'not resolved' : `resolved in ${formatDuration(secondsBetween(drill.happenedAt, drill.resolvedAt))}`;
                    return `- [DRILL] ${drill.id} ${formatTime(drill.happenedAt, tz)} ${drill.severity}, ${drill.status}: ${drill.title} (${ack}, ${resolved})`;
                  }),
          },
        ],
      },
    ],
  };
}

function noiseLines(report: WeeklyReport): string[] {
  const { alertsReceived, alertsSuppressed, alertsInIncidents, incidentsOpened } = report.noise;
  const unread = Math.max(0, alertsReceived - incidentsOpened);
  const share = alertsReceived === 0 ? '' : ` (${formatPercent(unread / alertsReceived)})`;
  const other = Math.max(0, alertsReceived - alertsSuppressed - alertsInIncidents);
  return [
    `- ${plural(alertsReceived, 'alert')} received, ${plural(incidentsOpened, 'incident')} opened by the triage: ` +
      `${plural(unread, 'alert')} the team did not have to read${share}`,
    `- ${alertsSuppressed} suppressed with a reason, ${alertsInIncidents} grouped into incidents, ${other} neither (resolved or held before paging)`,
  ];
}

function timingLines(report: WeeklyReport): string[] {
  const timing = report.timing;
  if (timing.incidents === 0) return ['- no incident in this period'];
  const busiest = (counts: number[], label: (index: number) => string) =>
    counts
      .map((count, index) => ({ count, index }))
      .filter((entry) => entry.count > 0)
      .sort((a, b) => b.count - a.count || a.index - b.index)
      .slice(0, 5)
      .map((entry) => `${label(entry.index)} (${entry.count})`)
      .join(', ');
  const other = timing.incidents - timing.monthStart - timing.monthEnd;
  return [
    `- by weekday: ${timing.byWeekday.map((count, index) => `${WEEKDAYS[index]} ${count}`).join(', ')}`,
    `- busiest hours: ${busiest(timing.byHour, (hour) => `${String(hour).padStart(2, '0')}h`)}`,
    `- month start (days 1-3): ${timing.monthStart}, month end (last 3 days): ${timing.monthEnd}, other days: ${Math.max(0, other)}`,
    `- busiest days of the month: ${busiest(timing.byDayOfMonth, (index) => ordinal(index + 1))}`,
  ];
}
