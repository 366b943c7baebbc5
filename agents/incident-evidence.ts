/**
 * Incident evidence: what an engineer would gather by hand before deciding — the changes that went out on the
 * incident's services shortly before it (ranked as suspects), and the log lines around its first alert.
 */
import type { StoredAlert } from './ports/alert-log.js';
import type { ChangeLog } from './ports/change-log.js';
import type { LogLine, LogSource } from './ports/log-source.js';
import { rankSuspectChanges, type SuspectChange } from './lib/suspect-changes.js';
import { entityTokens } from './lib/entities.js';
import type { TriagePolicy } from './policy.js';

export interface IncidentEvidence {
  suspects: SuspectChange[];
  logs: LogLine[];
  logLines: string[];
  logErrors: string[];
}


export function createIncidentEvidence(ports: { changeLog: ChangeLog; logs: LogSource | null; policy: TriagePolicy }) {
  const { changeLog, logs, policy } = ports;
  return {
    async gather(alerts: readonly StoredAlert[], now: Date): Promise<IncidentEvidence> {
      const first = alerts[0];
      if (first === undefined) return { suspects: [], logs: [], logLines: [], logErrors: [] };
      const start = new Date(first.firstReceivedAt);
      const entities = new Set(alerts.flatMap((alert) => entityTokens(alert)));
      const changes = await changeLog.between(new Date(start.getTime() - policy.changeLookbackS * 1000), now);
      const suspects = rankSuspectChanges(changes, entities, start, policy.changeLookbackS);
      if (logs === null) return { suspects, logs: [], logLines: [], logErrors: [] };
      const services = [...new Set(alerts.map((alert) => alert.service).filter((service): service is string => service !== null))];
      const found = await logs.around({ services, at: start, beforeSeconds: 600, afterSeconds: 300, limit: 50 });
      return { suspects, logs: found.lines, logLines: found.lines.map((line) => line.line), logErrors: found.errors };
    },
  };
}
