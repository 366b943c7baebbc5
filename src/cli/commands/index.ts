import type { Command } from 'commander';
import { registerApproveCommand } from './approve.js';
import { registerEval } from './eval.js';
import { registerExplainCommand } from './explain.js';
import { registerPlaybooksCommand } from './playbooks.js';
import { registerImportCommand } from './import.js';
import { registerIncidentCommand } from './incident.js';
import { registerIncidentsCommand } from './incidents.js';
import { registerProposalsCommand } from './proposals.js';
import { registerRejectCommand } from './reject.js';
import { registerDrillCommand } from './drill.js';
import { registerReportCommand } from './report.js';
import { registerServe } from './serve.js';
import { registerSilenceCommand } from './silence.js';
import { registerVerdictCommand } from './verdict.js';

/** A CLI command adds itself to the program. One file per command (or command group) beside this one. */
export type RegisterCommand = (program: Command) => void;

export const CLI_COMMANDS: RegisterCommand[] = [
  registerApproveCommand,
  registerEval,
  registerExplainCommand,
  registerPlaybooksCommand,
  registerImportCommand,
  registerIncidentCommand,
  registerIncidentsCommand,
  registerProposalsCommand,
  registerRejectCommand,
  registerReportCommand,
  registerDrillCommand,
  registerServe,
  registerSilenceCommand,
  registerVerdictCommand,
];
