import type { Command } from 'commander';
import { registerReportCommand } from './report.js';

/** A CLI command adds itself to the program. One file per command (or command group) beside this one. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [
  registerReportCommand,
];
