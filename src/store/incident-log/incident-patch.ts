import { z } from 'zod';
import { INCIDENT_STATUSES, ROOT_CAUSE_CATEGORIES, SEVERITIES } from '../../domain/incident.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { readDate } from '../../import/read-date.js';

const time = z.union([z.string(), z.date()]).nullable().transform((value, ctx) => {
  if (value === null) return null;
  const iso = readDate(value);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: `cannot read date ${JSON.stringify(String(value))}` });
    return z.NEVER;
  }
  return iso;
});
const text = z.string().trim().min(1, 'must not be empty').max(20_000);
const optionalText = z.string().trim().max(20_000).nullable().transform((value) => (value === '' ? null : value));

/**
 * The fields of an incident a person (CLI, Slack, web UI) may change. Every key is optional; `null` clears a
 * field that may be empty. Unknown keys are refused so a typo never passes silently.
 */
export const incidentPatchSchema = z.strictObject({
  title: text.optional(),
  service: optionalText.optional(),
  environment: optionalText.optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  lead: optionalText.optional(),
  symptom: optionalText.optional(),
  impact: optionalText.optional(),
  rootCause: optionalText.optional(),
  category: z.enum(ROOT_CAUSE_CATEGORIES).nullable().optional(),
  impactStartedAt: time.optional(),
  detectedAt: time.optional(),
  acknowledgedAt: time.optional(),
  mitigatedAt: time.optional(),
  resolvedAt: time.optional(),
  tags: z.array(z.string().trim().min(1)).optional(),
  drill: z.boolean().optional(),
  hotfix: z.boolean().optional(),
  rollback: z.boolean().optional(),
});

export type IncidentPatchInput = z.input<typeof incidentPatchSchema>;
export type IncidentPatch = z.output<typeof incidentPatchSchema>;

/** Patch keys and the columns they write. */
export const PATCH_COLUMNS: Record<keyof IncidentPatch, string> = {
  title: 'title',
  service: 'service',
  environment: 'environment',
  status: 'status',
  severity: 'severity',
  lead: 'lead',
  symptom: 'symptom',
  impact: 'impact',
  rootCause: 'root_cause',
  category: 'category',
  impactStartedAt: 'impact_started_at',
  detectedAt: 'detected_at',
  acknowledgedAt: 'acknowledged_at',
  mitigatedAt: 'mitigated_at',
  resolvedAt: 'resolved_at',
  tags: 'tags',
  drill: 'drill',
  hotfix: 'hotfix',
  rollback: 'rollback',
};

/**
 * Validates a patch, or throws FB_ERR_BAD_ARGUMENT naming the first bad field (`severity: expected one of ...`).
 * @example parseIncidentPatch({ severity: 'major', detectedAt: '2024-05-01 10:03' })
 */
export function parseIncidentPatch(input: unknown): IncidentPatch {
  const parsed = incidentPatchSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined ? 'patch' : issue.path.length > 0 ? issue.path.join('.') : 'patch';
  const message = issue === undefined ? 'invalid patch' : issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${field}: ${message}`, { field });
}

/** Status words in the timeline and the way a status change fills the matching time when it is not given. */
export const STATUS_TIME: Partial<Record<(typeof INCIDENT_STATUSES)[number], 'mitigatedAt' | 'resolvedAt'>> = {
  mitigated: 'mitigatedAt',
  resolved: 'resolvedAt',
  false_positive: 'resolvedAt',
};
