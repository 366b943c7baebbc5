/** A past incident offered as a candidate for "hasn't this happened before?". */
export interface PastIncident {
  id: string;
  title: string;
  service: string | null;
  category: string | null;
  playbookId: string | null;
  rootCause: string | null;
  symptom: string | null;
  startedAt: string | null;
  /** Full-text relevance of the query to its title, symptom and root cause (0 when it did not match). */
  textScore: number;
}

/**
 * Retrieval over the incident log. `candidates` returns past incidents (not the excluded one) that share a
 * service or a playbook with the query, or match its words, at most `limit`, in no particular order: ranking is
 * the knowledge agent's job, so it can say why each one matched.
 */
export interface IncidentHistory {
  candidates(query: { services: string[]; playbookIds: string[]; words: string[]; excludeId?: string }, limit: number): Promise<PastIncident[]>;
}
