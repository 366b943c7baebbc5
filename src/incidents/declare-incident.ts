import type { Clock } from '../../agents/ports/clock.js';
import type { IncidentNotifier } from '../../agents/ports/incident-notifier.js';
import type { Severity } from '../domain/incident.js';
import type { Db } from '../store/db.js';
import { IncidentRepository } from '../store/incident-log/incident-repository.js';

/** A person declaring an incident by hand: from Slack `/incident`, `firebreak incident open` or `POST /incidents`. */
export interface Declaration {
  title: string;
  severity?: Severity;
  service?: string | null;
  environment?: string | null;
  symptom?: string | null;
  /** ISO time users started to be affected, when the declarer knows it. */
  impactStartedAt?: string | null;
  /** Who declares: a Slack user id, a CLI user, or the API caller's name. They lead until someone takes it. */
  declaredBy: string;
  via: 'slack' | 'cli' | 'api';
}

/**
 * Opens a declared incident: the same record and message as one the triage opens (origin `declared`), with the
 * declarer as lead until someone takes it. A critical one escalates at once. Alerts that arrive later join it
 * through the triage's grouping of open incidents (same service, close in time).
 *
 * Throws FB_ERR_BAD_ARGUMENT naming the field when the declaration is invalid; nothing is written then.
 * @example await declareIncident({ db, notifier }, { title: 'Checkout down', severity: 'critical', service: 'checkout', declaredBy: 'U123', via: 'slack' })
 */
export async function declareIncident(deps: { db: Db; notifier: IncidentNotifier; clock?: Clock }, declaration: Declaration): Promise<{ id: string }> {
  const log = new IncidentRepository(deps.db, deps.clock);
  const id = await log.createIncident(
    {
      origin: 'declared',
      title: declaration.title,
      severity: declaration.severity ?? 'major',
      service: declaration.service ?? null,
      environment: declaration.environment ?? null,
      symptom: declaration.symptom ?? null,
      impactStartedAt: declaration.impactStartedAt ?? null,
      lead: declaration.declaredBy,
      declaredBy: declaration.declaredBy,
    },
    declaration.declaredBy,
  );
  await deps.notifier.incidentOpened(id);
  if (declaration.severity === 'critical') await deps.notifier.escalate(id, `declared critical by ${declaration.declaredBy} (${declaration.via})`);
  return { id };
}
