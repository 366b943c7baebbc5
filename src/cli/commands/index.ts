import type { Command } from 'commander';

/** A CLI command adds itself to the program. One file per command (or command group) beside this one. */
export type RegisterCommand = (program: Command) => void;

/**
 * Every command, in the order `firebreak --help` lists them. A command's module is imported only when it runs:
 * each pulls in its own part of the daemon (the store, Slack, the triage pipeline), and `firebreak incidents`
 * should not pay for loading the others.
 */
export interface CliCommand {
  name: string;
  load(): Promise<RegisterCommand>;
}

export const CLI_COMMANDS: readonly CliCommand[] = [
  { name: 'alerts', load: async () => (await import('./alerts.js')).registerAlertsCommand },
  { name: 'approve', load: async () => (await import('./approve.js')).registerApproveCommand },
  { name: 'eval', load: async () => (await import('./eval.js')).registerEval },
  { name: 'explain', load: async () => (await import('./explain.js')).registerExplainCommand },
  { name: 'playbooks', load: async () => (await import('./playbooks.js')).registerPlaybooksCommand },
  { name: 'import', load: async () => (await import('./import.js')).registerImportCommand },
  { name: 'incident', load: async () => (await import('./incident.js')).registerIncidentCommand },
  { name: 'incidents', load: async () => (await import('./incidents.js')).registerIncidentsCommand },
  { name: 'outcome', load: async () => (await import('./outcome.js')).registerOutcomeCommand },
  { name: 'proposals', load: async () => (await import('./proposals.js')).registerProposalsCommand },
  { name: 'reject', load: async () => (await import('./reject.js')).registerRejectCommand },
  { name: 'report', load: async () => (await import('./report.js')).registerReportCommand },
  { name: 'rules', load: async () => (await import('./rules.js')).registerRulesCommand },
  { name: 'drill', load: async () => (await import('./drill.js')).registerDrillCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).registerServe },
  { name: 'silence', load: async () => (await import('./silence.js')).registerSilenceCommand },
  { name: 'verdict', load: async () => (await import('./verdict.js')).registerVerdictCommand },
];

/**
 * The commands a command line needs registered: the one it names (`firebreak incidents ...`, `firebreak help
 * incidents`), or all of them when it names none it knows (help, or an unknown command that commander answers
 * with the list and a suggestion).
 */
export function commandsFor(args: readonly string[]): readonly CliCommand[] {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  const named = CLI_COMMANDS.find((command) => command.name === name);
  return named === undefined ? CLI_COMMANDS : [named];
}
