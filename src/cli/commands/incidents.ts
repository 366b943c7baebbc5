import type { Command } from 'commander';
import { INCIDENT_STATUSES, SEVERITIES } from '../../domain/incident.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { IncidentRepository } from '../../store/incident-log/incident-repository.js';
import type { IncidentFilter } from '../../store/incident-log/incident-queries.js';
import type { IncidentSummary } from '../../store/incident-log/incident-records.js';
import { asFlagError, parseLimit } from '../format/flag-arguments.js';
import { printJson } from '../format/json-output.js';
import { renderTable } from '../format/table.js';
import { formatDuration, formatTime } from '../format/time-format.js';
import { withStore } from '../format/with-store.js';

interface IncidentsOptions {
  open?: boolean;
  since?: string;
  until?: string;
  service?: string;
  severity?: string;
  status?: string;
  origin?: string;
  limit?: string;
  json?: boolean;
}

/**
 * `firebreak incidents [--open] [--since DATE] [--service S] [--severity S] [--json]`: the incident log, newest
 * first, as a table; with `--json` every matching incident as a JSON array (no implicit limit; `--limit N`).
 */
export function registerIncidentsCommand(program: Command): void {
  program
    .command('incidents')
    .description('The incident log, newest first (a table; --json for scripts).')
    .option('--open', 'only incidents not yet resolved (open or mitigated)')
    .option('--since <date>', 'started on or after this date')
    .option('--until <date>', 'started before this date')
    .option('--service <service>', 'only this service')
    .option('--severity <severity>', `only these severities (comma-separated: ${SEVERITIES.join(', ')})`)
    .option('--status <status>', `only these statuses (comma-separated: ${INCIDENT_STATUSES.join(', ')})`)
    .option('--origin <origin>', 'only incidents of this origin (triage, declared, imported, drill)')
    .option('--limit <n>', 'at most N incidents')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: IncidentsOptions) => {
      const filter = toFilter(options);
      const incidents = await withStore((db) =>
        new IncidentRepository(db).listIncidents(filter).catch((error: unknown) => {
          throw asFlagError(error);
        }),
      );
      if (options.json === true) {
        printJson(incidents);
        return;
      }
      process.stdout.write(renderIncidentTable(incidents));
    });
}

/** The log as a table: one line an incident. */
export function renderIncidentTable(incidents: readonly IncidentSummary[]): string {
  if (incidents.length === 0) return 'No incidents match.\n';
  return (
    renderTable(incidents, [
      { head: 'ID', cell: (i) => i.id },
      { head: 'Started', cell: (i) => formatTime(i.impactStartedAt ?? i.detectedAt ?? i.createdAt) },
      { head: 'Sev', cell: (i) => i.severity },
      { head: 'Status', cell: (i) => i.status },
      { head: 'Service', cell: (i) => i.service, maxWidth: 18 },
      { head: 'Title', cell: (i) => i.title, maxWidth: 60 },
      { head: 'Lead', cell: (i) => i.lead, maxWidth: 16 },
      { head: 'Resolved in', cell: (i) => formatDuration(i.impactStartedAt ?? i.detectedAt, i.resolvedAt) },
      { head: 'Alerts', cell: (i) => i.alertCount },
    ]) + `${incidents.length} incident${incidents.length === 1 ? '' : 's'}\n`
  );
}

function toFilter(options: IncidentsOptions): IncidentFilter {
  const filter: IncidentFilter = {};
  if (options.open === true) filter.open = true;
  if (options.since !== undefined) filter.since = options.since;
  if (options.until !== undefined) filter.until = options.until;
  if (options.service !== undefined) filter.service = options.service;
  if (options.severity !== undefined) filter.severity = list(options.severity, '--severity', SEVERITIES);
  if (options.status !== undefined) filter.status = list(options.status, '--status', INCIDENT_STATUSES);
  if (options.origin !== undefined) filter.origin = options.origin as IncidentFilter['origin'];
  if (options.limit !== undefined) filter.limit = parseLimit(options.limit);
  return filter;
}

function list<T extends string>(value: string, flag: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${flag}: "${item}" is not one of ${allowed.join(', ')}`);
    }
  }
  return items as T[];
}
