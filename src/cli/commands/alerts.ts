import type { Command } from 'commander';
import { ALERT_SOURCES } from '../../domain/alert.js';
import { describeDecision } from '../../domain/alert-decision.js';
import { listAlerts, type AlertFilter, type AlertListing } from '../../store/alerts/alert-list.js';
import { asFlagError, parseLimit, parseSince } from '../format/flag-arguments.js';
import { printJson } from '../format/json-output.js';
import { renderTable } from '../format/table.js';
import { formatTime } from '../format/time-format.js';
import { withStore } from '../format/with-store.js';

interface AlertsOptions {
  since?: string;
  source?: string;
  service?: string;
  incident?: string;
  suppressed?: string | boolean;
  held?: boolean;
  delivery?: string;
  limit: string;
  json?: boolean;
}

/**
 * `firebreak alerts [--since 2h] [--source S] [--service S] [--incident INC] [--suppressed [REASON]] [--held]
 * [--delivery KEY] [--limit N] [--json]`: the alert log, newest first, with what triage decided for each alert.
 * It is where an alert id for `firebreak explain` is found, from a time, a service, an incident, or the
 * `deliveryKey` a webhook's `202` answer gave.
 */
export function registerAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description('The alerts received, newest first, with what triage decided (a table; --json for scripts).')
    .option('--since <when>', 'first received within this long (90m, 2h, 1d) or since this date')
    .option('--source <source>', `only this source (${ALERT_SOURCES.join(', ')})`)
    .option('--service <service>', 'only this service')
    .option('--incident <id>', 'only the alerts of this incident')
    .option('--suppressed [reason]', 'only suppressed alerts; with a reason, only those (transient, flapping, known-noisy, maintenance)')
    .option('--held', 'only alerts held for a later decision')
    .option('--delivery <key>', "only the alerts a delivery carried (the deliveryKey of the webhook's 202 answer)")
    .option('--limit <n>', 'at most N alerts', '50')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: AlertsOptions) => {
      const filter = toFilter(options, new Date());
      const alerts = await withStore((db) =>
        listAlerts(db, filter).catch((error: unknown) => {
          throw asFlagError(error);
        }),
      );
      if (options.json === true) printJson(alerts);
      else process.stdout.write(renderAlertTable(alerts, filter.limit ?? 50));
    });
}

/** The alert log as a table: one line an alert episode; says so when the limit cut the list. */
export function renderAlertTable(alerts: readonly AlertListing[], limit: number): string {
  if (alerts.length === 0) return 'No alerts match.\n';
  const more = alerts.length === limit ? ` (the newest ${limit}; --limit for more)` : '';
  return (
    renderTable(alerts, [
      { head: 'ID', cell: (a) => a.id },
      { head: 'Received', cell: (a) => formatTime(a.firstReceivedAt) },
      { head: 'Source', cell: (a) => a.source },
      { head: 'Rule', cell: (a) => a.rule, maxWidth: 30 },
      { head: 'Service', cell: (a) => a.service, maxWidth: 18 },
      { head: 'Status', cell: (a) => a.status },
      { head: 'Decision', cell: (a) => describeDecision(a.decision), maxWidth: 36 },
      { head: 'Last reason', cell: (a) => a.lastReason, maxWidth: 60 },
    ]) + `${alerts.length} alert${alerts.length === 1 ? '' : 's'}${more}; \`firebreak explain ID\` says why\n`
  );
}

function toFilter(options: AlertsOptions, now: Date): AlertFilter {
  const filter: AlertFilter = { limit: parseLimit(options.limit) };
  if (options.since !== undefined) filter.since = parseSince(options.since, now);
  if (options.source !== undefined) filter.source = options.source as AlertFilter['source'];
  if (options.service !== undefined) filter.service = options.service;
  if (options.incident !== undefined) filter.incident = options.incident;
  if (options.suppressed === true) filter.suppressed = true;
  else if (typeof options.suppressed === 'string') filter.suppressed = options.suppressed;
  if (options.held === true) filter.held = true;
  if (options.delivery !== undefined) filter.delivery = options.delivery;
  return filter;
}
