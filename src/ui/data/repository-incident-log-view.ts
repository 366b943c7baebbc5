import type { Db } from '../../store/db.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { IncidentRepository } from '../../store/incident-log/index.js';
import type { IncidentEdit, IncidentLogView, LogLine, UiIncidentPage } from './incident-log-view.js';
import { createSqlIncidentLogList } from './sql-incident-log-list.js';

/** How far before an incident's start a change still answers "what has changed?" (the checklist's first question). */
const CHANGE_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/**
 * The web UI's view of the incident log: the page of an incident and every edit go through the incident log's
 * repository (the CLI's rules and timeline entries); the table is one paginated SQL statement of its own.
 * @example const view = createIncidentLogView(new IncidentRepository(db))
 */
export function createIncidentLogView(repository: IncidentRepository): IncidentLogView {
  const list = createSqlIncidentLogList(repository.db);
  return {
    list: list.list,
    facets: list.facets,

    async get(id: string): Promise<UiIncidentPage | null> {
      let page;
      try {
        page = await repository.getIncidentPage(id);
      } catch (error) {
        if (error instanceof FirebreakError && error.code === 'FB_ERR_NOT_FOUND') return null;
        throw error;
      }
      const { incident } = page;
      const started = Date.parse(incident.impactStartedAt ?? incident.detectedAt ?? incident.createdAt);
      const ended = incident.resolvedAt === null ? repository.clock.now().getTime() : Date.parse(incident.resolvedAt);
      const changes = incident.service === null
        ? []
        : await repository.listChangeEvents(new Date(started - CHANGE_LOOKBACK_MS), new Date(Math.max(ended, started)), incident.service);
      const evidence = incident.evidence ?? {};
      return {
        ...page,
        changes: changes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
        logs: Array.isArray(evidence.logs) ? evidence.logs.slice(0, 200).map(logLine) : [],
        checklist: Array.isArray(evidence.checklist) ? evidence.checklist.map(checklistItem).filter((item) => item !== '') : [],
      };
    },

    async update(id: string, edit: IncidentEdit, actor: string): Promise<void> {
      await repository.updateIncident(id, edit, actor);
    },

    async addRemediation(id, remediation, actor): Promise<void> {
      await repository.addRemediation(id, remediation, actor);
    },

    async updateRemediation(id, remediationId, patch, actor): Promise<void> {
      // The URL names the incident and the remediation: refuse a remediation of another incident.
      const page = await repository.getIncidentPage(id);
      if (!page.remediations.some((remediation) => remediation.id === remediationId)) {
        throw new FirebreakError('FB_ERR_NOT_FOUND', `remediation ${remediationId} not found on incident ${id}`, { incident: id });
      }
      await repository.updateRemediation(remediationId, patch, actor);
    },
  };
}

/** Shorthand for the daemon: the view over a store handle. */
export function createIncidentLogViewOnDb(db: Db): IncidentLogView {
  return createIncidentLogView(new IncidentRepository(db));
}

/** Log evidence as the correlation step writes it: a line as text, or {at, source, line|message}. */
function logLine(value: unknown): LogLine {
  if (typeof value === 'string') return { at: null, source: null, line: value };
  if (!isRecord(value)) return { at: null, source: null, line: JSON.stringify(value) };
  const line = value.line ?? value.message ?? value.text ?? JSON.stringify(value);
  const at = value.at ?? value.timestamp ?? value.time;
  return { at: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null, source: typeof value.source === 'string' ? value.source : null, line: String(line) };
}

function checklistItem(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value)) return String(value.item ?? value.title ?? value.text ?? '');
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
