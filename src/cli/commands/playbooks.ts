import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { FirebreakError, isFirebreakError } from '../../errors/catalogue.js';
import { loadPlaybooks } from '../../playbooks/load-playbooks.js';
import { printJson } from '../format/json-output.js';
import { renderTable } from '../format/table.js';

/**
 * `firebreak playbooks check [DIR] [--json]`, like `amtool check-config`: loads the playbook folder exactly as the
 * daemon does at start-up (DIR, else FIREBREAK_PLAYBOOKS_DIR, else ./playbooks) and lists what it found. A folder
 * that does not load prints the loader's one-line message (file and key) and exits 2, so CI can gate on it.
 */
export function registerPlaybooksCommand(program: Command): void {
  const playbooks = program.command('playbooks').description('Work with the playbook folder.');
  playbooks
    .command('check')
    .description('Load the playbook folder as start-up does; list the playbooks or name the first problem (exit 2).')
    .argument('[dir]', 'the playbook folder (default FIREBREAK_PLAYBOOKS_DIR or ./playbooks)')
    .option('--json', 'print the loaded playbooks as JSON')
    .action((dirArgument: string | undefined, options: { json?: boolean }) => {
      const dir = dirArgument ?? process.env.FIREBREAK_PLAYBOOKS_DIR ?? './playbooks';
      // The daemon treats a missing folder as "no playbooks"; a check of a folder that is not there is a typo.
      if (!existsSync(dir)) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `DIR: ${dir}: no such folder`);
      let loaded;
      try {
        loaded = loadPlaybooks(dir);
      } catch (error) {
        if (!isFirebreakError(error, 'FB_ERR_PLAYBOOK_INVALID')) throw error;
        process.stderr.write(`firebreak: ${error.message.split('\n')[0]}\n`);
        process.exitCode = 2;
        return;
      }
      const rows = loaded.map((playbook) => ({
        id: playbook.id,
        title: playbook.title,
        severity: playbook.severity,
        category: playbook.category,
        matchers: playbook.match.length,
        actions: playbook.actions.map((action) => ({ id: action.id, kind: action.kind, risk: action.risk })),
        file: playbook.file,
      }));
      if (options.json === true) {
        printJson({ dir, playbooks: rows });
        return;
      }
      if (rows.length > 0) {
        process.stdout.write(
          renderTable(rows, [
            { head: 'ID', cell: (row) => row.id },
            { head: 'TITLE', cell: (row) => row.title, maxWidth: 45 },
            { head: 'SEVERITY', cell: (row) => row.severity },
            { head: 'MATCHERS', cell: (row) => row.matchers },
            { head: 'ACTIONS', cell: (row) => row.actions.map((action) => `${action.id} (${action.kind}, ${action.risk})`).join(', ') || '-' },
          ]),
        );
      }
      process.stdout.write(`${rows.length} playbook(s) in ${dir}: OK\n`);
    });
}
