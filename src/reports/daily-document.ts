import type { DailyReport } from './daily-report.js';
import type { ReportDocument } from './report-document.js';
import { formatDuration, formatPercent, formatTime, plural, secondsBetween } from './report-format.js';

/** The daily review as people read it (text, markdown, Slack). Drills are listed with a [DRILL] mark. */
export function dailyDocument(report: DailyReport): ReportDocument {
  const tz = report.timeZone;
  const drill = (flag: boolean) => (flag ? '[DRILL] ' : '');
  return {
    title: `Firebreak daily review: ${report.day} (${tz})`,
    sections: [
      {
        heading: 'Remediations due or late',
        blocks:
          report.remediations.length === 0
            ? [{ kind: 'lines', lines: ['- none due'] }]
            : [
                {
                  kind: 'table',
                  header: ['due', 'late', 'owner', 'remediation', 'incident'],
                  rows: report.remediations.map((item) => [
                    item.due,
                    item.daysLate === 0 ? 'due today' : `${plural(item.daysLate, 'day')} late`,
                    item.owner ?? '(no owner)',
                    item.title,
                    `${drill(item.drill)}${item.incidentId} ${item.incidentTitle}`,
                  ]),
                },
              ],
      },
      {
        heading: `Incidents and pages since ${formatTime(report.since, tz)}`,
        blocks: [
          {
            kind: 'lines',
            lines:
              report.incidents.length === 0
                ? ['- none']
                : report.incidents.map((incident) => {
                    const page =
                      incident.notifiedAt === null
                        ? 'not paged'
                        : `paged ${formatTime(incident.notifiedAt, tz)}${incident.escalatedAt === null ? '' : `, escalated ${formatTime(incident.escalatedAt, tz)}`}`;
                    const ack =
                      incident.acknowledgedAt === null ? 'not acknowledged' : `acknowledged after ${formatDuration(secondsBetween(incident.happenedAt, incident.acknowledgedAt))}`;
                    const lead = incident.lead === null ? 'no lead' : `lead ${incident.lead}`;
                    const service = incident.service === null ? '' : ` on ${incident.service}`;
                    return `- ${drill(incident.drill)}${incident.id} ${incident.severity}, ${incident.status.replace('_', ' ')}${service}: ${incident.title} (detected ${formatTime(incident.happenedAt, tz)}; ${page}; ${ack}; ${lead})`;
                  }),
          },
        ],
      },
      {
        heading: 'False positives to review',
        blocks: [
          {
            kind: 'lines',
            lines:
              report.falsePositives.rules.length === 0 && report.falsePositives.incidents.length === 0
                ? ['- none']
                : [
                    ...report.falsePositives.rules.map(
                      (rule) =>
                        `- rule ${rule.rule}: ${plural(rule.newFalsePositives, 'new false-positive verdict')}${rule.by === null ? '' : ` by ${rule.by}`}; ` +
                        `${formatPercent(rule.falsePositives / Math.max(1, rule.verdicts))} false positive over ${plural(rule.verdicts, 'verdict')}`,
                    ),
                    ...report.falsePositives.incidents.map(
                      (incident) =>
                        `- ${drill(incident.drill)}incident ${incident.id} closed as false positive ${formatTime(incident.closedAt, tz)}: ${incident.title}` +
                        (incident.rules === null ? '' : ` (rules: ${incident.rules})`),
                    ),
                  ],
          },
        ],
      },
      {
        heading: 'Changes and silences planned for today',
        blocks: [
          {
            kind: 'lines',
            lines:
              report.today.changes.length === 0 && report.today.silences.length === 0
                ? ['- none']
                : [
                    ...report.today.changes.map((change) => {
                      const when = change.at > report.at ? 'planned' : 'done';
                      const version = change.version === null ? '' : ` ${change.version}`;
                      const env = change.environment === null ? '' : ` (${change.environment})`;
                      const by = change.author === null ? '' : ` by ${change.author}`;
                      const what = change.description === null ? '' : `: ${change.description}`;
                      return `- ${formatTime(change.at, tz)} ${change.kind} ${change.service}${version}${env}${by}, ${when}${what}`;
                    }),
                    ...report.today.silences.map((silence) => {
                      const matchers = Object.entries(silence.matchers)
                        .map(([name, pattern]) => `${name}=~${pattern}`)
                        .join(' ');
                      const by = silence.createdBy === null ? '' : ` by ${silence.createdBy}`;
                      const comment = silence.comment === null ? '' : `: ${silence.comment}`;
                      return `- silence ${formatTime(silence.startsAt, tz)} to ${formatTime(silence.endsAt, tz)} ${matchers}${by}${comment}`;
                    }),
                  ],
          },
        ],
      },
    ],
  };
}
