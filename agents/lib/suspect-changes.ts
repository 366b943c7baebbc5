import type { StoredChange } from '../ports/change-log.js';
import { tokensOf } from './entities.js';

/** A change ranked as a suspect cause, with why. */
export interface SuspectChange {
  change: StoredChange;
  score: number;
  why: string[];
}

/** Rollbacks undo trouble more often than they cause it. */
const KIND_WEIGHT: Record<string, number> = { deploy: 1, hotfix: 1, config: 1, rollback: 0.6 };

/**
 * Ranks changes as suspects for trouble that started at `start` on the given entities: only changes whose service
 * shares an entity count; the closer before `start`, the stronger; a change after `start` is a weak suspect.
 * Used both when an alert arrives (start = now) and for an incident's evidence (start = its first alert).
 */
export function rankSuspectChanges(changes: readonly StoredChange[], entities: ReadonlySet<string>, start: Date, lookbackS: number): SuspectChange[] {
  return changes
    .map((change): SuspectChange | null => {
      const shared = tokensOf(change.service).filter((token) => entities.has(token));
      if (shared.length === 0) return null;
      const beforeS = (start.getTime() - Date.parse(change.at)) / 1000;
      const closeness = beforeS >= 0 ? Math.max(0, 1 - beforeS / lookbackS) : 0.3;
      const score = (KIND_WEIGHT[change.kind] ?? 0.5) * (1 + closeness) + (shared.length > 1 ? 0.2 : 0);
      const when = beforeS >= 0 ? `${Math.round(beforeS / 60)} min before` : `${Math.round(-beforeS / 60)} min after`;
      return { change, score: Math.round(score * 100) / 100, why: [`${change.kind} of ${change.service} ${when} the first alert`, `shares ${shared.join(', ')}`] };
    })
    .filter((suspect): suspect is SuspectChange => suspect !== null)
    .sort((a, b) => b.score - a.score);
}
