/**
 * The scores of shared/scenarios/README.md, computed from a decisions list and the scenario's truth.json, to
 * the letter of the README's "Precise definitions" (the reference scorer resolves the same ambiguities the same
 * way; a test compares the two).
 */
export interface DecisionLine {
  key: string;
  suppressed: string | null;
  incident: string | null;
  notified_t?: number | null;
  playbook?: string | null;
  similar?: string[];
}

export interface Truth {
  alerts: Record<string, { incident: string | null; noise: string | null }>;
  incidents: Record<string, { playbook?: string | null; similar?: string[]; first_alert_t: number; title?: string }>;
}

export interface Scores {
  alerts: number;
  true_incidents: number;
  noise: { precision: number | null; recall: number | null };
  missed_incidents: number;
  grouping: { pairwise_f1: number | null; precision: number | null; recall: number | null };
  notifications: number;
  playbook_top1: number | null;
  similar_hit_at_5: number | null;
  time_to_notify_s: { p50: number | null; p95: number | null; max: number | null };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** numpy's default (linear interpolation) percentile. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const base = Math.floor(position);
  const lower = sorted[base] ?? 0;
  const upper = sorted[Math.min(base + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - base);
}

export function scoreDecisions(decisions: readonly DecisionLine[], truth: Truth): Scores {
  const byKey = new Map(decisions.map((line) => [line.key, line]));
  const keys = Object.keys(truth.alerts);

  let suppressed = 0;
  let suppressedNoise = 0;
  let labelledNoise = 0;
  for (const key of keys) {
    const isNoise = truth.alerts[key]?.noise !== null && truth.alerts[key]?.noise !== undefined;
    const isSuppressed = (byKey.get(key)?.suppressed ?? null) !== null;
    if (isNoise) labelledNoise += 1;
    if (isSuppressed) suppressed += 1;
    if (isNoise && isSuppressed) suppressedNoise += 1;
  }

  const facts = new Map<string, { notified: number | null; playbook: string | null; similar: string[] }>();
  for (const line of decisions) {
    if (line.incident !== null && !facts.has(line.incident)) {
      facts.set(line.incident, { notified: line.notified_t ?? null, playbook: line.playbook ?? null, similar: line.similar ?? [] });
    }
  }
  const notifications = [...facts.values()].filter((fact) => fact.notified !== null).length;

  const trueMembers = new Map<string, string[]>();
  for (const key of keys) {
    const incident = truth.alerts[key]?.incident;
    if (incident) trueMembers.set(incident, [...(trueMembers.get(incident) ?? []), key]);
  }

  let samePredicted = 0;
  let sameTrue = 0;
  let both = 0;
  const member = keys.filter((key) => truth.alerts[key]?.incident);
  for (let i = 0; i < member.length; i += 1) {
    for (let j = i + 1; j < member.length; j += 1) {
      const a = member[i] ?? '';
      const b = member[j] ?? '';
      const predA = byKey.get(a)?.incident ?? null;
      const predB = byKey.get(b)?.incident ?? null;
      const predicted = predA !== null && predA === predB;
      const actual = truth.alerts[a]?.incident === truth.alerts[b]?.incident;
      if (predicted) samePredicted += 1;
      if (actual) sameTrue += 1;
      if (predicted && actual) both += 1;
    }
  }
  const pairPrecision = ratio(both, samePredicted);
  const pairRecall = ratio(both, sameTrue);
  const f1 = sameTrue === 0 ? null : !pairPrecision || !pairRecall ? 0 : (2 * pairPrecision * pairRecall) / (pairPrecision + pairRecall);

  let missed = 0;
  let playbookHits = 0;
  let playbookTotal = 0;
  let similarHits = 0;
  let similarTotal = 0;
  const delays: number[] = [];
  for (const [incidentId, truthIncident] of Object.entries(truth.incidents)) {
    const members = trueMembers.get(incidentId) ?? [];
    const predictedIds = members.map((key) => byKey.get(key)?.incident ?? null).filter((id): id is string => id !== null);
    const notifiedTimes = [...new Set(predictedIds)].map((id) => facts.get(id)?.notified ?? null).filter((t): t is number => t !== null);
    if (notifiedTimes.length === 0) missed += 1;
    else delays.push(Math.max(0, Math.min(...notifiedTimes) - truthIncident.first_alert_t));

    const counts = new Map<string, number>();
    for (const id of predictedIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const main = [...counts.entries()].sort((a, b) => {
      if (b[1] !== a[1]) return b[1] - a[1];
      const ta = facts.get(a[0])?.notified ?? Infinity;
      const tb = facts.get(b[0])?.notified ?? Infinity;
      if (ta !== tb) return ta - tb;
      return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
    })[0]?.[0];
    const predicted = main === undefined ? undefined : facts.get(main);
    if (truthIncident.playbook) {
      playbookTotal += 1;
      if (predicted?.playbook === truthIncident.playbook) playbookHits += 1;
    }
    if (truthIncident.similar && truthIncident.similar.length > 0) {
      similarTotal += 1;
      const shown = new Set((predicted?.similar ?? []).slice(0, 5));
      if (truthIncident.similar.some((id) => shown.has(id))) similarHits += 1;
    }
  }

  return {
    alerts: keys.length,
    true_incidents: Object.keys(truth.incidents).length,
    noise: { precision: ratio(suppressedNoise, suppressed), recall: ratio(suppressedNoise, labelledNoise) },
    missed_incidents: missed,
    grouping: { pairwise_f1: f1, precision: pairPrecision, recall: pairRecall },
    notifications,
    playbook_top1: ratio(playbookHits, playbookTotal),
    similar_hit_at_5: ratio(similarHits, similarTotal),
    time_to_notify_s: { p50: percentile(delays, 0.5), p95: percentile(delays, 0.95), max: delays.length === 0 ? null : Math.max(...delays) },
  };
}
