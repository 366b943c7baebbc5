/** An incident as the recurrence finder reads it (`reports/recent-incidents.sql`). */
export interface RecurrenceIncident {
  id: string;
  title: string;
  service: string | null;
  category: string | null;
  playbook_id: string | null;
  root_cause: string | null;
  status: string;
  happened_at: string;
  open_remediations: number;
}

/** Incidents that share a root cause (category and service) or a playbook. */
export interface Recurrence {
  /** What they share, for people: `checkout / infrastructure`, `playbook db-pool-exhausted`, or both. */
  shared: string[];
  service: string | null;
  category: string | null;
  playbook: string | null;
  /** How many times in the window: "the 5th time this month". */
  count: number;
  incidents: Array<{ id: string; title: string; happenedAt: string }>;
  /** False while no incident of the group names a root cause other than `unknown`. */
  rootCauseFound: boolean;
  openRemediations: number;
}

/** Two is already a recurrence: the second time is when "wait, hasn't this happened before?" should be asked. */
const MIN_OCCURRENCES = 2;

/**
 * Groups the window's incidents by root cause (same category on the same service) and by playbook, keeps the
 * groups that happened at least twice, the most frequent first. A playbook group holding exactly the same
 * incidents as a root-cause group is shown once, with both keys.
 */
export function findRecurrences(incidents: RecurrenceIncident[]): Recurrence[] {
  const groups = new Map<string, { shared: string; service: string | null; category: string | null; playbook: string | null; members: RecurrenceIncident[] }>();
  const add = (key: string, fields: { shared: string; service: string | null; category: string | null; playbook: string | null }, incident: RecurrenceIncident) => {
    const group = groups.get(key) ?? { ...fields, members: [] };
    group.members.push(incident);
    groups.set(key, group);
  };
  for (const incident of incidents) {
    if (incident.category !== null && incident.service !== null) {
      add(`cause\u0000${incident.service}\u0000${incident.category}`, { shared: `${incident.service} / ${incident.category}`, service: incident.service, category: incident.category, playbook: null }, incident);
    }
    if (incident.playbook_id !== null) {
      add(`playbook\u0000${incident.playbook_id}`, { shared: `playbook ${incident.playbook_id}`, service: null, category: null, playbook: incident.playbook_id }, incident);
    }
  }
  const bySet = new Map<string, Recurrence>();
  for (const group of groups.values()) {
    if (group.members.length < MIN_OCCURRENCES) continue;
    const ids = group.members.map((member) => member.id).join('\u0000');
    const same = bySet.get(ids);
    if (same !== undefined) {
      same.shared.push(group.shared);
      same.service ??= group.service;
      same.category ??= group.category;
      same.playbook ??= group.playbook;
      continue;
    }
    bySet.set(ids, {
      shared: [group.shared],
      service: group.service,
      category: group.category,
      playbook: group.playbook,
      count: group.members.length,
      incidents: group.members.map((member) => ({ id: member.id, title: member.title, happenedAt: member.happened_at })),
      rootCauseFound: group.members.some((member) => hasRootCause(member)),
      openRemediations: group.members.reduce((sum, member) => sum + member.open_remediations, 0),
    });
  }
  return [...bySet.values()].sort(
    (a, b) => b.count - a.count || lastAt(b).localeCompare(lastAt(a)) || (a.shared[0] ?? '').localeCompare(b.shared[0] ?? ''),
  );
}

function hasRootCause(incident: RecurrenceIncident): boolean {
  return incident.root_cause !== null && incident.root_cause.trim() !== '' && incident.category !== 'unknown';
}

function lastAt(recurrence: Recurrence): string {
  return recurrence.incidents[recurrence.incidents.length - 1]?.happenedAt ?? '';
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 21st ... */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}
