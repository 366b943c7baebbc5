/**
 * The read-only tools the LLM may call, built on the pipeline's own ports. Every answer is bounded (lines, rows,
 * time window) so a tool result cannot blow the prompt up; none of them writes anything.
 */
import type { Playbook } from '../../src/domain/playbook.js';
import type { ChangeLog } from '../ports/change-log.js';
import type { IncidentHistory } from '../ports/incident-history.js';
import type { IncidentLog } from '../ports/incident-log.js';
import type { LlmTools } from '../ports/llm-triage.js';
import type { LogSource } from '../ports/log-source.js';

const MAX_LOG_LINES = 30;
const MAX_WINDOW_S = 2 * 3600;
const MAX_CHANGES = 20;
const MAX_LOOKBACK_MIN = 24 * 60;
const MAX_ROWS = 10;

export function createLlmTools(ports: { logs: LogSource | null; changeLog: ChangeLog; history: IncidentHistory; incidentLog: IncidentLog; playbooks: readonly Playbook[] }, incidentId: string, now: Date): LlmTools {
  const { logs, changeLog, history, incidentLog, playbooks } = ports;
  return {
    async searchLogs({ service, from, to, contains }) {
      if (logs === null) return { lines: [], errors: ['no log source is configured'] };
      const start = Number.isNaN(from.getTime()) ? new Date(now.getTime() - 600_000) : from;
      const spanS = Math.min(MAX_WINDOW_S, Math.max(0, ((Number.isNaN(to.getTime()) ? now : to).getTime() - start.getTime()) / 1000));
      const found = await logs.around({ services: [service], at: start, beforeSeconds: 0, afterSeconds: spanS, limit: MAX_LOG_LINES * 3 });
      const needle = contains?.toLowerCase();
      const lines = needle === undefined || needle === '' ? found.lines : found.lines.filter((line) => line.line.toLowerCase().includes(needle));
      return { lines: lines.slice(0, MAX_LOG_LINES), errors: found.errors };
    },
    async recentChanges({ service, sinceMinutes }) {
      const minutes = Math.min(MAX_LOOKBACK_MIN, Math.max(1, Number.isFinite(sinceMinutes) ? sinceMinutes : 60));
      const changes = await changeLog.between(new Date(now.getTime() - minutes * 60_000), now);
      return changes
        .filter((change) => service === undefined || change.service.toLowerCase() === service.toLowerCase())
        .slice(-MAX_CHANGES)
        .map((change) => ({ kind: change.kind, service: change.service, version: change.version, at: change.at, description: change.description }));
    },
    async similarIncidents({ words, service }) {
      const found = await history.candidates({ services: service === undefined ? [] : [service], playbookIds: [], words: words.slice(0, 20), excludeId: incidentId }, MAX_ROWS * 3);
      return found
        .sort((a, b) => b.textScore - a.textScore || a.id.localeCompare(b.id))
        .slice(0, MAX_ROWS)
        .map((past) => ({ id: past.id, title: past.title, service: past.service, category: past.category, rootCause: past.rootCause, playbookId: past.playbookId }));
    },
    async readPlaybook(id) {
      const playbook = playbooks.find((candidate) => candidate.id === id);
      if (playbook === undefined) return null;
      return { id: playbook.id, title: playbook.title, checklist: playbook.checklist, diagnosis: playbook.diagnosis, actions: playbook.actions.map((action) => ({ id: action.id, title: action.title, risk: action.risk })) };
    },
    async openIncidents() {
      const open = await incidentLog.active(new Date(now.getTime() - MAX_LOOKBACK_MIN * 60_000));
      return open
        .filter((incident) => incident.id !== incidentId)
        .slice(0, MAX_ROWS * 2)
        .map((incident) => ({ id: incident.id, title: incident.title, service: incident.service, severity: incident.severity, createdAt: incident.createdAt }));
    },
  };
}
