import type { Command } from 'commander';
import { FirebreakError, isFirebreakError } from '../../errors/catalogue.js';
import { IncidentRepository } from '../../store/incident-log/incident-repository.js';
import { parseIncidentPatch, type IncidentPatch, type IncidentPatchInput } from '../../store/incident-log/incident-patch.js';
import { cliActor } from '../format/cli-actor.js';
import { renderIncidentPage } from '../format/incident-page-text.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';
import { registerIncidentFalsePositive } from './incident-false-positive.js';
import { registerIncidentOpen } from './incident-open.js';

/** `incident update` options that set an incident field, and the patch key each one sets. */
const FIELD_OPTIONS = [
  ['--title <text>', 'title', 'title'],
  ['--service <name>', 'service', 'service'],
  ['--severity <severity>', 'severity', 'minor, major or critical'],
  ['--lead <who>', 'lead', 'incident lead'],
  ['--status <status>', 'status', 'open, mitigated or resolved (a false positive: `incident false-positive`)'],
  ['--impact-started-at <date>', 'impactStartedAt', 'when users started to be affected'],
  ['--detected-at <date>', 'detectedAt', 'when the problem was noticed'],
  ['--acknowledged-at <date>', 'acknowledgedAt', 'when someone took it'],
  ['--mitigated-at <date>', 'mitigatedAt', 'when the impact stopped'],
  ['--resolved-at <date>', 'resolvedAt', 'when it was fixed for good'],
  ['--symptom <text>', 'symptom', 'the visible symptom'],
  ['--impact <text>', 'impact', 'the user impact'],
  ['--root-cause <text>', 'rootCause', 'the root cause'],
  ['--category <category>', 'category', 'deployment, application-bug, traffic, infrastructure, third-party, configuration or unknown'],
] as const;

type PatchKey = (typeof FIELD_OPTIONS)[number][1];

interface UpdateOptions extends Partial<Record<PatchKey, string>> {
  countermeasure?: string;
  countermeasureAt?: string;
  worked?: string;
  remediation?: string;
  owner?: string;
  due?: string;
  remediationDone?: string;
  remediationVerified?: string;
  by?: string;
  json?: boolean;
}

/**
 * `firebreak incident show ID` (the full page) and `firebreak incident update ID ...` (fields, a countermeasure,
 * a remediation, a remediation done or verified). An update is one transaction: a bad argument anywhere is a
 * one-line error naming it, exit 2, and nothing is changed.
 */
export function registerIncidentCommand(program: Command): void {
  const incident = program.command('incident').description('Open, show or update one incident, or close it as a false positive.');
  registerIncidentOpen(incident);
  registerIncidentFalsePositive(incident);
  incident
    .command('show')
    .description('The full page: times, symptom / impact / root cause, timeline, alerts, countermeasures, remediations, similar incidents.')
    .argument('<id>', 'incident id (INC-0042, or an imported id)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const page = await withStore((db) => new IncidentRepository(db).getIncidentPage(id).catch((error: unknown) => { throw nameId(error); }));
      if (options.json === true) printJson(page);
      else process.stdout.write(renderIncidentPage(page));
    });

  const update = incident.command('update').description('Change an incident; every change lands in its timeline.').argument('<id>', 'incident id');
  for (const [flags, , help] of FIELD_OPTIONS) update.option(flags, help);
  update
    .option('--countermeasure <text>', 'add a countermeasure (what was done)')
    .option('--countermeasure-at <date>', 'when the countermeasure was taken (default: now)')
    .option('--worked <yes|no>', 'whether the countermeasure worked')
    .option('--remediation <title>', 'schedule a remediation')
    .option('--owner <who>', 'owner of the remediation')
    .option('--due <date>', 'due date of the remediation')
    .option('--remediation-done <remediationId>', 'mark a remediation of this incident done')
    .option('--remediation-verified <remediationId>', 'mark a remediation of this incident verified (and done)')
    .option('--by <who>', 'who makes the change (default: FIREBREAK_USER or the login name)')
    .option('--json', 'print what changed as JSON')
    .action(async (id: string, options: UpdateOptions) => {
      const actor = cliActor(options.by);
      const patch = readPatch(options);
      const worked = readWorkedOption(options);
      const done = readId(options.remediationDone, '--remediation-done');
      const verified = readId(options.remediationVerified, '--remediation-verified');
      if (options.countermeasure === undefined && (options.countermeasureAt !== undefined || options.worked !== undefined)) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', '--countermeasure: required with --countermeasure-at or --worked');
      }
      if (options.remediation === undefined && (options.owner !== undefined || options.due !== undefined)) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', '--remediation: required with --owner or --due');
      }
      const result = await withStore((db) =>
        db.transaction(async (tx) => {
          const log = new IncidentRepository(tx);
          const changes = await log.updateIncident(id, patch, actor).catch((error: unknown) => { throw nameId(error); });
          const countermeasure = options.countermeasure === undefined ? null : await log
            .addCountermeasure(id, { action: options.countermeasure, ...(options.countermeasureAt === undefined ? {} : { at: options.countermeasureAt }), worked }, actor)
            .catch((error: unknown) => { throw asOption(error, { action: '--countermeasure', at: '--countermeasure-at' }); });
          const remediation = options.remediation === undefined ? null : await log
            .addRemediation(id, { title: options.remediation, owner: options.owner ?? null, due: options.due ?? null }, actor)
            .catch((error: unknown) => { throw asOption(error, { title: '--remediation', owner: '--owner', due: '--due' }); });
          const remediations = [];
          for (const [remediationId, flag, patchValue] of [[done, '--remediation-done', { status: 'done' }], [verified, '--remediation-verified', { verified: true }]] as const) {
            if (remediationId === null) continue;
            const updated = await log.updateRemediation(remediationId, patchValue, actor).catch((error: unknown) => { throw asOption(error, {}, flag); });
            if (updated.incidentId !== id) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${flag}: remediation ${remediationId} belongs to ${updated.incidentId}, not ${id}`);
            remediations.push(updated);
          }
          return { changes, countermeasure, remediation, remediations };
        }),
      );
      if (options.json === true) {
        printJson({ id, ...result });
        return;
      }
      const lines = [
        ...result.changes.map((change) => `${change.field}: ${String(change.from ?? '(empty)')} -> ${String(change.to ?? '(empty)')}`),
        ...(result.countermeasure === null ? [] : [`countermeasure ${result.countermeasure.id} added`]),
        ...(result.remediation === null ? [] : [`remediation ${result.remediation.id} scheduled`]),
        ...result.remediations.map((r) => `remediation ${r.id}: ${r.status}${r.verified ? ', verified' : ''}`),
      ];
      process.stdout.write(lines.length === 0 ? `${id}: nothing changed\n` : `${id} updated by ${actor}\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
    });
}

function readPatch(options: UpdateOptions): IncidentPatchInput {
  const patch: Record<string, string | null> = {};
  for (const [, key] of FIELD_OPTIONS) {
    const value = options[key];
    if (value !== undefined) patch[key] = value.trim() === '' && key !== 'title' ? null : value;
  }
  let parsed: IncidentPatch;
  try {
    parsed = parseIncidentPatch(patch);
  } catch (error) {
    throw asOption(error, Object.fromEntries(FIELD_OPTIONS.map(([flags, key]) => [key, flags.split(' ')[0] ?? key])));
  }
  // Closing as a false positive is a decision with consequences (verdicts on the rules, rule changes proposed) for
  // approvers only: it has one path, the Slack button's, which `incident false-positive` takes.
  if (parsed.status === 'false_positive') {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', '--status: false_positive is set by `firebreak incident false-positive ID --as USER [--note TEXT]`, which also records the verdicts on its alerts\' rules and proposes the rule changes');
  }
  return patch;
}

function readWorkedOption(options: UpdateOptions): boolean | null {
  if (options.worked === undefined) return null;
  const said = options.worked.trim().toLowerCase();
  if (['yes', 'y', 'true'].includes(said)) return true;
  if (['no', 'n', 'false'].includes(said)) return false;
  throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--worked: expected yes or no, got "${options.worked}"`);
}

function readId(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${flag}: expected a remediation id (a number), got "${value}"`);
  return Number(value);
}

/** Rewrites a repository error's field name (`rootCause: ...`) as the option the user typed (`--root-cause: ...`). */
function asOption(error: unknown, flags: Record<string, string>, fallback?: string): unknown {
  if (!isFirebreakError(error, 'FB_ERR_BAD_ARGUMENT') && !(fallback !== undefined && isFirebreakError(error, 'FB_ERR_NOT_FOUND'))) return error;
  const field = /^([A-Za-z.]+): /.exec(error.message)?.[1];
  const flag = (field === undefined ? undefined : flags[field]) ?? fallback;
  if (flag === undefined) return error;
  const message = field !== undefined && flags[field] !== undefined ? error.message.slice(field.length + 2) : error.message;
  return new FirebreakError(error.code, `${flag}: ${message}`, error.context);
}

function nameId(error: unknown): unknown {
  if (isFirebreakError(error, 'FB_ERR_NOT_FOUND') && !error.message.startsWith('ID')) {
    return new FirebreakError('FB_ERR_NOT_FOUND', `ID: ${error.message}`, error.context);
  }
  return error;
}
