import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { FirebreakError } from '../../errors/catalogue.js';
import { importHistory, type ImportOptions, type ImportRefusal } from '../../import/import-history.js';
import type { ImportFormat, ProgressListener } from '../../import/import-source.js';
import { importVerdicts } from '../../import/import-verdicts.js';
import { cliActor } from '../format/cli-actor.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';

interface ImportCommandOptions {
  format?: string;
  json?: boolean;
  by?: string;
}

/**
 * `firebreak import history FILE` (JSONL or CSV, DESIGN.md "Incident history import") and `firebreak import
 * verdicts FILE`. Refused rows are listed on stderr with their line and reason; the summary goes to stdout.
 * Exit 0 when every row imported (or was already there), 1 when some were refused, 2 for a bad argument.
 * A progress bar is drawn on stderr only when it is a terminal.
 */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('Import an incident history or verdicts (re-importing changes nothing).');
  command
    .command('history')
    .description('Past incidents from JSONL or CSV (a Notion or spreadsheet export).')
    .argument('<file>', 'the .jsonl or .csv file')
    .option('--format <format>', 'jsonl or csv (default: from the file name)')
    .option('--by <who>', 'who the timeline says imported it')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ImportCommandOptions) => {
      const summary = await withProgress((onProgress) =>
        withStore((db) => importHistory(db, file, importOptions(options, onProgress))),
      );
      report(summary, options, `${summary.imported} imported, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused} refused`);
      for (const warning of summary.warnings) process.stderr.write(`line ${warning.line}: warning: ${warning.message}\n`);
    });
  command
    .command('verdicts')
    .description('Past verdicts, one {at, source, labels, title, verdict, by} a line.')
    .argument('<file>', 'the .jsonl (or .csv) file')
    .option('--format <format>', 'jsonl or csv (default: from the file name)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ImportCommandOptions) => {
      const summary = await withProgress((onProgress) =>
        withStore((db) => importVerdicts(db, file, importOptions(options, onProgress))),
      );
      report(summary, options, `${summary.imported} imported, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused} refused`);
    });
}

function importOptions(options: ImportCommandOptions, onProgress: ProgressListener | undefined): ImportOptions {
  const result: ImportOptions = { actor: cliActor(options.by) };
  if (options.format !== undefined) {
    if (options.format !== 'jsonl' && options.format !== 'csv') {
      throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--format: expected jsonl or csv, got "${options.format}"`);
    }
    result.format = options.format satisfies ImportFormat;
  }
  if (onProgress !== undefined) result.onProgress = onProgress;
  return result;
}

async function withProgress<T>(work: (onProgress: ProgressListener | undefined) => Promise<T>): Promise<T> {
  if (process.stderr.isTTY !== true) return work(undefined);
  const bar = new SingleBar({ stream: process.stderr, format: 'importing [{bar}] {percentage}% | {value}/{total} bytes', hideCursor: true });
  let started = false;
  try {
    return await work((done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
  } finally {
    if (started) bar.stop();
  }
}

function report(summary: { refused: number; refusals: ImportRefusal[] }, options: ImportCommandOptions, line: string): void {
  for (const refusal of summary.refusals) process.stderr.write(`line ${refusal.line}: ${refusal.reason}\n`);
  if (options.json === true) printJson(summary);
  else process.stdout.write(`${line}\n`);
  if (summary.refused > 0) process.exitCode = 1;
}
