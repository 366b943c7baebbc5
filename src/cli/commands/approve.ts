import type { Command } from 'commander';
import { registerDecisionCommand } from './decide-run.js';

/** `firebreak approve RUN_ID --as USER`. */
export function registerApproveCommand(program: Command): void {
  registerDecisionCommand(program, 'approve');
}
