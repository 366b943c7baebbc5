import type { ChangeLog, StoredChange } from '../../../agents/ports/change-log.js';
import type { IncidentHistory, PastIncident } from '../../../agents/ports/incident-history.js';
import type { RuleOverrides, RuleVerdicts, VerdictLog } from '../../../agents/ports/verdict-log.js';
import type { ChangeEvent } from '../../domain/change-event.js';
import type { Silence } from '../../domain/silence.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import { toRuleOverrides, toRuleVerdicts, toStoredChange, type ChangeRow, type OverrideRow } from './rows.js';

/** The ChangeLog port on PostgreSQL or PGlite. */
export class SqlChangeLog implements ChangeLog {
  constructor(private readonly db: Db) {}

  async record(change: ChangeEvent, key: string, at: Date): Promise<void> {
    await this.db.query(sql('triage/change-insert'), [
      key, change.service, change.kind, change.version, change.environment, change.at, change.author, change.description, change.url, at.toISOString(),
    ]);
  }

  async between(from: Date, to: Date): Promise<StoredChange[]> {
    const rows = await this.db.query<ChangeRow>(sql('triage/changes-between'), [from.toISOString(), to.toISOString()]);
    return rows.map(toStoredChange);
  }
}

/** Silences as the evaluation seeds them (the noise filter reads them with the alert's context). */
export class SqlSilenceLog {
  constructor(private readonly db: Db) {}

  async add(silence: Omit<Silence, 'id'>, at: Date): Promise<number> {
    const rows = await this.db.query<{ id: number }>(sql('silences/insert'), [silence.matchers, silence.startsAt, silence.endsAt, silence.comment, silence.createdBy, at.toISOString()]);
    return rows[0]?.id ?? 0;
  }
}

/** The VerdictLog port on PostgreSQL or PGlite. */
export class SqlVerdictLog implements VerdictLog {
  constructor(private readonly db: Db) {}

  async forRule(source: string, rule: string, before: Date): Promise<RuleVerdicts> {
    const rows = await this.db.query<{ false_positives: number; true_positives: number; past_false_positives: number; past_true_positives: number }>(sql('triage/verdicts-for-rule'), [source, rule, before.toISOString()]);
    const row = rows[0];
    return toRuleVerdicts(
      { false_positives: row?.false_positives ?? 0, true_positives: row?.true_positives ?? 0 },
      { false_positives: row?.past_false_positives ?? 0, true_positives: row?.past_true_positives ?? 0 },
    );
  }

  async overridesFor(source: string, rule: string, at: Date): Promise<RuleOverrides> {
    const rows = await this.db.query<OverrideRow>(sql('triage/rule-overrides'), [source, rule, at.toISOString()]);
    return toRuleOverrides(rows);
  }
}

/** The IncidentHistory port: candidates by service, playbook and full-text match (`search` column, GIN index). */
export class SqlIncidentHistory implements IncidentHistory {
  constructor(private readonly db: Db) {}

  async candidates(query: { services: string[]; playbookIds: string[]; words: string[]; excludeId?: string }, limit: number): Promise<PastIncident[]> {
    // Words are reduced to letters and digits before they reach to_tsquery, so no operator can be injected.
    const words = [...new Set(query.words.map((word) => word.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((word) => word.length >= 3))].slice(0, 40);
    const rows = await this.db.query<{ id: string; title: string; service: string | null; category: string | null; playbook_id: string | null; root_cause: string | null; symptom: string | null; started_at: string | null; text_score: number }>(
      sql('triage/history-candidates'),
      [query.services.map((service) => service.toLowerCase()), query.playbookIds, words.join(' | '), query.excludeId ?? '', limit],
    );
    return rows.map((row) => ({
      id: row.id, title: row.title, service: row.service, category: row.category, playbookId: row.playbook_id, rootCause: row.root_cause,
      symptom: row.symptom, startedAt: row.started_at, textScore: Number(row.text_score),
    }));
  }
}
