import type { Command } from 'commander';
import { FirebreakError } from '../../errors/catalogue.js';
import { checkSilence, parseDuration, parseMatcher, parseTime, silenceRequestSchema } from '../../silences/silence-input.js';
import { addSilence, listSilences, previewSilence, type SilencePreview } from '../../silences/silence-log.js';
import { cliActor } from '../format/cli-actor.js';
import { printJson } from '../format/json-output.js';
import { renderTable } from '../format/table.js';
import { formatTime } from '../format/time-format.js';
import { withStore } from '../format/with-store.js';

interface AddOptions {
  match?: string[];
  starts?: string;
  ends?: string;
  for?: string;
  comment?: string;
  by?: string;
  dryRun?: boolean;
  json?: boolean;
}

const matchersText = (matchers: Record<string, string>) => Object.entries(matchers).map(([name, pattern]) => `${name}=~"${pattern}"`).join(', ');

function renderPreview(preview: SilencePreview): string {
  const out = [`Dry run: nothing was added. Silence {${matchersText(preview.matchers)}} from ${formatTime(preview.startsAt)} to ${formatTime(preview.endsAt)}`];
  out.push(`would have matched ${preview.matched.length} of the ${preview.examined} alert(s) received in that window; ${preview.inIncidents.length} of them belonged to incidents.`);
  if (preview.matched.length > 0) {
    out.push(
      renderTable(preview.matched, [
        { head: 'ALERT', cell: (alert) => alert.id },
        { head: 'RECEIVED', cell: (alert) => formatTime(alert.firstReceivedAt) },
        { head: 'RULE', cell: (alert) => alert.rule, maxWidth: 40 },
        { head: 'SERVICE', cell: (alert) => alert.service },
        { head: 'WAS', cell: (alert) => (alert.incidentId !== null ? `IN INCIDENT ${alert.incidentId}` : alert.suppressed === null ? '' : `suppressed: ${alert.suppressed}`) },
      ]).trimEnd(),
    );
  }
  if (preview.inIncidents.length > 0) out.push(`Warning: this silence would have hidden alerts of ${[...new Set(preview.inIncidents.map((alert) => alert.incidentId))].join(', ')}.`);
  return `${out.join('\n')}\n`;
}

/**
 * `firebreak silence add --match label=regex ... --ends AT|--for DURATION --comment C [--starts AT] [--by WHO]
 * [--dry-run]` and `firebreak silence list [--all]`. A silence makes the noise filter suppress matching alerts as
 * `maintenance` inside its window; `--dry-run` adds nothing and shows which alerts already stored it would have
 * matched, flagging those that belonged to incidents. A bad argument is a one-line error naming it, exit 2.
 */
export function registerSilenceCommand(program: Command): void {
  const silence = program.command('silence').description('Planned maintenance windows: add (or try with --dry-run) and list silences.');
  silence
    .command('add')
    .description('Add a silence: alerts whose labels all match the regexes, firing inside the window, are suppressed as maintenance.')
    .option('--match <label=regex>', 'a matcher; repeat for several (all must match); `service` also matches the alert\'s service', (value: string, previous: string[] = []) => [...previous, value])
    .option('--starts <at>', 'start: ISO-8601 time with offset, or "now" (default now)')
    .option('--ends <at>', 'end: ISO-8601 time with offset')
    .option('--for <duration>', 'or a length from the start: 90m, 2h, 1h30m, 1d')
    .option('--comment <text>', 'why (required)')
    .option('--by <who>', 'who adds it (default FIREBREAK_USER or the login name)')
    .option('--dry-run', 'add nothing; show which stored alerts it would have matched')
    .option('--json', 'print JSON')
    .action(async (options: AddOptions) => {
      const now = new Date();
      if ((options.ends === undefined) === (options.for === undefined)) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', 'give exactly one of --ends AT or --for DURATION');
      const matchers = Object.fromEntries((options.match ?? []).map(parseMatcher));
      const startsAt = options.starts === undefined ? now : parseTime(options.starts, now, '--starts');
      const endsAt = options.ends !== undefined ? options.ends : new Date(startsAt.getTime() + parseDuration(options.for ?? '')).toISOString();
      const request = silenceRequestSchema.safeParse({
        matchers,
        startsAt: startsAt.toISOString(),
        endsAt,
        comment: options.comment ?? '',
        createdBy: cliActor(options.by),
        dryRun: options.dryRun === true,
      });
      if (!request.success) {
        const issue = request.error.issues[0];
        const field = issue?.path[0] === 'comment' ? '--comment' : issue?.path[0] === 'createdBy' ? '--by' : String(issue?.path.join('.') ?? '');
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${field}: ${issue?.message ?? 'invalid'}`);
      }
      const spec = checkSilence(request.data, now);
      if (options.dryRun === true) {
        const preview = await withStore((db) => previewSilence(db, spec));
        if (options.json === true) printJson({ dryRun: true, ...preview });
        else process.stdout.write(renderPreview(preview));
        return;
      }
      const added = await withStore((db) => addSilence(db, spec, now));
      if (options.json === true) printJson(added);
      else process.stdout.write(`Silence ${added.id} added: {${matchersText(added.matchers)}} from ${formatTime(added.startsAt)} to ${formatTime(added.endsAt)} by ${added.createdBy ?? ''}\n`);
    });

  silence
    .command('list')
    .description('Silences not yet over (every silence with --all).')
    .option('--all', 'include silences that are over')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const silences = await withStore((db) => listSilences(db, new Date(), { all: options.all === true }));
      if (options.json === true) {
        printJson(silences);
        return;
      }
      if (silences.length === 0) {
        process.stdout.write(options.all === true ? 'No silences.\n' : 'No current or planned silences.\n');
        return;
      }
      const now = Date.now();
      process.stdout.write(
        renderTable(silences, [
          { head: 'ID', cell: (row) => row.id },
          { head: 'MATCHERS', cell: (row) => matchersText(row.matchers), maxWidth: 60 },
          { head: 'STARTS', cell: (row) => formatTime(row.startsAt) },
          { head: 'ENDS', cell: (row) => formatTime(row.endsAt) },
          { head: 'STATE', cell: (row) => (Date.parse(row.endsAt) <= now ? 'over' : Date.parse(row.startsAt) > now ? 'planned' : 'active') },
          { head: 'BY', cell: (row) => row.createdBy },
          { head: 'COMMENT', cell: (row) => row.comment, maxWidth: 40 },
        ]),
      );
    });
}
