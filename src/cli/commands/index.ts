import type { Command } from 'commander';
import { registerEval } from './eval.js';
import { registerReportCommand } from './report.js';
import { registerServe } from './serve.js';

/** A CLI command adds itself to the program. One file per command (or command group) beside this one. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [
  registerEval,
  registerReportCommand,
  registerServe,
];
