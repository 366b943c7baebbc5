import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Playbook } from '../domain/playbook.js';
import type { Silence } from '../domain/silence.js';
import { FirebreakError } from '../errors/catalogue.js';
import { loadPlaybooks } from '../playbooks/load-playbooks.js';

/** A scenario folder of the `firebreak-scenario/1` format (shared/scenarios/README.md). */
export interface Scenario {
  dir: string;
  name: string;
  start: Date;
  silences: Silence[];
  playbooks: Playbook[];
  events: ScenarioEvent[];
  historyFile: string | null;
  verdictsFile: string | null;
}

const silenceSchema = z.object({
  matchers: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  comment: z.string().nullish(),
  createdBy: z.string().nullish(),
});

const scenarioSchema = z.object({
  format: z.literal('firebreak-scenario/1'),
  name: z.string(),
  description: z.string().optional(),
  start: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO-8601 time'),
  silences: z.array(silenceSchema).default([]),
});

const eventSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string().min(1),
    t: z.number().finite().min(0),
    type: z.literal('webhook'),
    source: z.enum(['sentry', 'grafana', 'alertmanager']),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.unknown(),
  }),
  z.object({ id: z.string().min(1), t: z.number().finite().min(0), type: z.literal('change'), body: z.unknown() }),
]);

export type ScenarioEvent = z.infer<typeof eventSchema>;

function invalid(file: string, message: string): FirebreakError {
  return new FirebreakError('FB_ERR_SCENARIO_INVALID', `${file}: ${message}`, { file });
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/** Reads and checks a scenario folder; a malformed file is an error naming the file and line. */
export function loadScenario(dir: string): Scenario {
  const scenarioFile = join(dir, 'scenario.json');
  if (!existsSync(scenarioFile)) throw invalid(scenarioFile, 'missing (is this a scenario folder?)');
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(scenarioFile, 'utf8'));
  } catch (error) {
    throw invalid(scenarioFile, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = scenarioSchema.safeParse(meta);
  if (!parsed.success) throw invalid(scenarioFile, issueText(parsed.error));

  const eventsFile = join(dir, 'events.jsonl');
  if (!existsSync(eventsFile)) throw invalid(eventsFile, 'missing');
  const events: ScenarioEvent[] = [];
  let previousT = -Infinity;
  readFileSync(eventsFile, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw invalid(`${eventsFile}:${index + 1}`, `not valid JSON (${(error as Error).message})`);
      }
      const event = eventSchema.safeParse(value);
      if (!event.success) throw invalid(`${eventsFile}:${index + 1}`, issueText(event.error));
      if (event.data.t < previousT) throw invalid(`${eventsFile}:${index + 1}`, `t ${event.data.t} is before the previous event's ${previousT}`);
      previousT = event.data.t;
      events.push(event.data);
    });

  const silences: Silence[] = parsed.data.silences.map((silence, index) => ({
    id: index + 1,
    matchers: silence.matchers,
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    comment: silence.comment ?? null,
    createdBy: silence.createdBy ?? null,
  }));
  const optional = (file: string) => (existsSync(join(dir, file)) ? join(dir, file) : null);
  return {
    dir,
    name: parsed.data.name,
    start: new Date(parsed.data.start),
    silences,
    playbooks: loadPlaybooks(join(dir, 'playbooks')),
    events,
    historyFile: optional('history.jsonl'),
    verdictsFile: optional('verdicts.jsonl'),
  };
}
