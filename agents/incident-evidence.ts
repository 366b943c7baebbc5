/**
 * Incident evidence: what an engineer would gather by hand before deciding — the changes that went out on the
 * incident's services shortly before it (ranked as suspects), and the log lines around its first alert.
 */
import type { StoredAlert } from './ports/alert-log.js';
import type { ChangeLog } from './ports/change-log.js';
import type { LogLine, LogSource } from './ports/log-source.js';
import type { SuspectChange } from './correlate.js';
import { entityTokens, tokensOf } from './lib/entities.js';
import type { TriagePolicy } from './policy.js';

export interface IncidentEvidence {
  suspects: SuspectChange[];
  logs: LogLine[];
  logLines: string[];
  logErrors: string[];
}

const KIND_WEIGHT: Record<string, number> = { deploy: 1, hotfix: 1, config: 1, rollback: 0.6 };

export function createIncidentEvidence(ports: { changeLog: ChangeLog; logs: LogSource | null; policy: TriagePolicy }) {
  const { changeLog, logs, policy } = ports;
  return {
    async gather(alerts: readonly StoredAlert[], now: Date): Promise<IncidentEvidence> {
      const first = alerts[0];
      if (first === undefined) return { suspects: [], logs: [], logLines: [], logErrors: [] };
      const start = new Date(first.firstReceivedAt);
      const entities = new Set(alerts.flatMap((alert) => entityTokens(alert)));
      const changes = await changeLog.between(new Date(start.getTime() - policy.changeLookbackS * 1000), now);
      const suspects = changes
        .map((change): SuspectChange | null => {
          const shared = tokensOf(change.service).filter((token) => entities.has(token));
          if (shared.length === 0) return null;
          const beforeS = (start.getTime() - Date.parse(change.at)) / 1000;
          const closeness = beforeS >= 0 ? Math.max(0, 1 - beforeS / policy.changeLookbackS) : 0.3;
          const score = (KIND_WEIGHT[change.kind] ?? 0.5) * (1 + closeness) + (shared.length > 1 ? 0.2 : 0);
          const when = beforeS >= 0 ? `${Math.round(beforeS / 60)} min before the first alert` : `${Math.round(-beforeS / 60)} min after the first alert`;
          return { change, score: Math.round(score * 100) / 100, why: [`${change.kind} of ${change.service} ${when}`, `shares ${shared.join(', ')}`] };
        })
        .filter((suspect): suspect is SuspectChange => suspect !== null)
        .sort((a, b) => b.score - a.score);
      if (logs === null) return { suspects, logs: [], logLines: [], logErrors: [] };
      const services = [...new Set(alerts.map((alert) => alert.service).filter((service): service is string => service !== null))];
      const found = await logs.around({ services, at: start, beforeSeconds: 600, afterSeconds: 300, limit: 50 });
      return { suspects, logs: found.lines, logLines: found.lines.map((line) => line.line), logErrors: found.errors };
    },
  };
}
