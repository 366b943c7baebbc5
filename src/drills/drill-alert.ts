import { randomBytes } from 'node:crypto';
import randexp from 'randexp';
import { matcherMatches } from '../../agents/lib/playbook-match.js';
import { ALERT_SOURCES, type Alert, type AlertSource } from '../domain/alert.js';
import { deriveRule } from '../domain/alert-rule.js';
import type { Playbook, PlaybookMatcher } from '../domain/playbook.js';
import { FirebreakError } from '../errors/catalogue.js';
import type { AlertJob } from '../queue/alert-job.js';

// randexp is CommonJS (`module.exports = RandExp`): Node hands the class over as the default import, while its
// typings describe an ES module with a `default` member.
const RandExp = randexp as unknown as typeof randexp.default;

/** The label the triage reads to flag an incident as a drill (agents/pipeline.ts); every drill alert carries it. */
export const DRILL_LABEL = 'firebreak_drill';

export interface DrillOptions {
  /** The playbook whose first matcher the alert must match; none: a generic drill alert. */
  playbook?: Playbook;
  /** Overrides the service (else the matcher's first service, else none). */
  service?: string;
  /** The sender's severity word; `critical` by default, so the triage neither holds nor delays the drill. */
  severity?: string;
  startedBy?: string;
  now: Date;
}

/**
 * A drill: one simulated firing alert, labelled `firebreak_drill: "true"`, built so that the playbook's first
 * matcher matches it (a sample of each label and text pattern, generated from the regex), wrapped as the queue job
 * a receiver would have enqueued. It goes through the real pipeline, which flags the incident as a drill.
 */
export function buildDrillJob(options: DrillOptions): { job: Extract<AlertJob, { kind: 'alerts' }>; alert: Alert; warnings: string[] } {
  const id = randomBytes(6).toString('hex');
  const matcher = options.playbook?.match[0];
  const warnings: string[] = [];
  if (matcher?.logs != null) warnings.push('the matcher also needs log lines around the alert: the drill matches only if a log source has them');
  const source = pickSource(matcher, warnings);
  let alert: Alert | null = null;
  // Samples are random: a pattern with alternatives or lookarounds may need a few draws to yield one that matches.
  // The triage matches text on `title + "\n" + message`. The sample goes at the end of the message so that the
  // title, and so the incident's, says [DRILL]; a pattern anchored at the start (`^...`) needs it in the title.
  for (let attempt = 0; attempt < 30 && alert === null; attempt += 1) {
    const candidate = drillAlert(id, source, matcher, options, attempt % 2 === 0 ? 'message' : 'title');
    if (matcher === undefined || matcherMatches({ ...matcher, logs: null }, candidate, [])) alert = candidate;
  }
  if (alert === null) {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--playbook ${options.playbook?.id}: could not build an alert that its first matcher matches`, {
      playbook: options.playbook?.id,
    });
  }
  const receivedAt = options.now.toISOString();
  return { job: { kind: 'alerts', source, deliveryKey: `drill-${id}`, receivedAt, alerts: [alert] }, alert, warnings };
}

function drillAlert(id: string, source: AlertSource, matcher: PlaybookMatcher | undefined, options: DrillOptions, textIn: 'title' | 'message'): Alert {
  const now = options.now.toISOString();
  const labels: Record<string, string> = {};
  for (const { name, pattern } of matcher?.labels ?? []) labels[name] = sample(pattern);
  const service = options.service ?? matcher?.services?.[0] ?? null;
  if (service !== null) labels.service ??= service;
  labels.alertname ??= 'FirebreakDrill';
  labels.severity ??= options.severity ?? 'critical';
  labels[DRILL_LABEL] = 'true';
  const playbookNote = options.playbook === undefined ? '' : ` for playbook ${options.playbook.id}`;
  const heading = `[DRILL] ${options.playbook?.title ?? 'Firebreak drill'}`;
  const note =
    `Firebreak drill${playbookNote}, started${options.startedBy === undefined ? '' : ` by ${options.startedBy}`} at ${now}. ` +
    'Handle it as a real incident; it is flagged as a drill everywhere and left out of the indicators.';
  const text = matcher?.text != null ? sample(matcher.text) : null;
  const title = text === null ? heading : textIn === 'title' ? text : heading;
  const message = text === null || textIn === 'title' ? note : `${note}\n${text}`;
  return {
    source,
    fingerprint: `drill-${id}`,
    status: 'firing',
    rule: deriveRule(labels, title),
    title,
    message,
    service,
    environment: labels.environment ?? labels.env ?? null,
    severity: labels.severity,
    labels,
    annotations: { summary: title, description: message },
    startsAt: now,
    endsAt: null,
    receivedAt: now,
    links: {},
    raw: { drill: true, playbook: options.playbook?.id ?? null, startedBy: options.startedBy ?? null },
  };
}

function pickSource(matcher: PlaybookMatcher | undefined, warnings: string[]): AlertSource {
  if (matcher?.sources == null) return 'manual';
  const known = matcher.sources.find((source): source is AlertSource => (ALERT_SOURCES as readonly string[]).includes(source));
  if (known === undefined) {
    warnings.push(`the matcher's sources (${matcher.sources.join(', ')}) are not alert sources: the drill comes from "manual"`);
    return 'manual';
  }
  return known;
}

/** A short, readable string the pattern matches: letters and digits where the pattern leaves a choice. */
function sample(pattern: RegExp): string {
  const generator = new RandExp(pattern);
  generator.max = 3;
  generator.defaultRange.subtract(32, 126);
  generator.defaultRange.add(48, 57);
  generator.defaultRange.add(65, 90);
  generator.defaultRange.add(97, 122);
  return generator.gen();
}
