import type { Command } from 'commander';
import { registerDecisionCommand } from './decide-run.js';

/** `firebreak reject RUN_ID --as USER`. */
export function registerRejectCommand(program: Command): void {
  registerDecisionCommand(program, 'reject');
}
