import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS, commandsFor } from '../../src/cli/commands/index.js';
import { runFirebreak } from '../support/run-firebreak.js';

const names = (commands: ReturnType<typeof commandsFor>) => commands.map((command) => command.name);

/** Commands are imported on dispatch; what a person reads in the help must not change for it. */
describe('loading CLI commands', { timeout: 120_000 }, () => {
  it('loads only the command a command line names', () => {
    expect(names(commandsFor(['incidents', '--open', '--json']))).toEqual(['incidents']);
    expect(names(commandsFor(['--json', 'incident', 'show', 'INC-0001']))).toEqual(['incident']);
    expect(names(commandsFor(['help', 'silence']))).toEqual(['silence']);
  });

  it('loads every command for the help, and for a command it does not know (commander suggests the nearest)', () => {
    expect(names(commandsFor(['--help']))).toEqual(names(CLI_COMMANDS));
    expect(names(commandsFor([]))).toEqual(names(CLI_COMMANDS));
    expect(names(commandsFor(['incidnets']))).toEqual(names(CLI_COMMANDS));
  });

  it('prints the same help as a program with every command registered up front', async () => {
    const program = new Command('firebreak').description('Alert triage daemon: receives alerts, triages them, proposes fixes a human approves.');
    for (const command of CLI_COMMANDS) (await command.load())(program);
    program.configureOutput({ getOutHelpWidth: () => 80 });
    const incidents = program.commands.find((command) => command.name() === 'incidents')!;

    const [all, one] = await Promise.all([runFirebreak(['--help'], { COLUMNS: '80' }), runFirebreak(['incidents', '--help'], { COLUMNS: '80' })]);
    expect(all.stdout).toBe(program.helpInformation());
    expect(one.stdout).toBe(incidents.helpInformation());
  });
});
