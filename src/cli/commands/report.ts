import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { buildDailyReport } from '../../reports/daily-report.js';
import { postReport } from '../../reports/post-report.js';
import { renderReport } from '../../reports/render-report.js';
import { parseReportClock } from '../../reports/report-clock.js';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/report-document.js';
import { buildWeeklyReport } from '../../reports/weekly-report.js';
import { openDb } from '../../store/open-db.js';

const KINDS = ['weekly', 'daily'] as const;

/**
 * `firebreak report weekly|daily [--at DATE] [--tz ZONE] [--format text|markdown|json] [--post]`: the weekly
 * indicators or the daily review, read from the store. `--post` also sends the text to SLACK_CHANNEL.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('The weekly indicators (incidents, hotfixes, rollbacks, MTTA/MTTR, recurrences, false positives) or the daily review.')
    .addOption(new Option('--at <date>', 'take the report as of this date or ISO date-time (default: now)'))
    .addOption(new Option('--tz <zone>', 'time zone of weeks, days and hours (IANA name)').default('UTC'))
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .addOption(new Option('--post', 'also post the report to SLACK_CHANNEL with SLACK_BOT_TOKEN'))
    .argument('<kind>', `${KINDS.join(' or ')}`)
    .action(async (kind: string, options: { at?: string; tz: string; format: ReportFormat; post?: boolean }) => {
      if (!(KINDS as readonly string[]).includes(kind)) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `kind: "${kind}" is not a report (expected weekly or daily)`);
      }
      const clock = parseReportClock(options);
      const config = loadConfig();
      if (options.post && (config.SLACK_BOT_TOKEN === undefined || config.SLACK_CHANNEL === undefined)) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', '--post: set SLACK_BOT_TOKEN and SLACK_CHANNEL to post reports');
      }
      const db = await openDb(config);
      try {
        const report = kind === 'weekly' ? await buildWeeklyReport(db, clock) : await buildDailyReport(db, clock);
        process.stdout.write(renderReport(report, options.format));
        if (options.post) {
          const [title = `Firebreak ${kind} report`, , , ...body] = renderReport(report, 'text').split('\n');
          await postReport(config, title, body.join('\n'));
          process.stderr.write(`posted to ${config.SLACK_CHANNEL}\n`);
        }
      } finally {
        await db.close();
      }
    });
}
