import type { IncidentNotifier, IncidentUpdate } from '../../agents/ports/incident-notifier.js';
import type { ActionProposals } from '../../agents/ports/action-proposals.js';
import type { Playbook } from '../domain/playbook.js';

/**
 * The evaluation has no Slack: notifications and proposals are kept in a list (the incident record itself, with
 * its notification time, is in the store as always).
 */
export class RecordingNotifier implements IncidentNotifier, ActionProposals {
  readonly events: Array<{ kind: string; incidentId: string; detail?: unknown }> = [];

  async incidentOpened(incidentId: string): Promise<void> {
    this.events.push({ kind: 'opened', incidentId });
  }

  async incidentUpdated(incidentId: string, update: IncidentUpdate): Promise<void> {
    this.events.push({ kind: 'updated', incidentId, detail: update });
  }

  async escalate(incidentId: string, reason: string): Promise<void> {
    this.events.push({ kind: 'escalated', incidentId, detail: reason });
  }

  async propose(incidentId: string, playbook: Playbook): Promise<void> {
    this.events.push({ kind: 'proposed', incidentId, detail: playbook.id });
  }
}
