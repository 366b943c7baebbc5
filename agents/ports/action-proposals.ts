import type { Playbook } from '../../src/domain/playbook.js';

/**
 * Recording what may be run. The decide agent proposes a matched playbook's allowlisted actions on the incident;
 * nothing runs until a human approves (Slack buttons or `firebreak approve`).
 *
 * An implementation must guarantee: proposing the same playbook's actions twice for one incident creates each
 * action run once (retried jobs, concurrent workers); an action that already ran and did not work for that
 * incident is proposed again only with that fact shown (never silently).
 */
export interface ActionProposals {
  propose(incidentId: string, playbook: Playbook, at: Date): Promise<void>;
}
