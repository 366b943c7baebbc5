/**
 * The shape of the model's triage reply: a zod schema that validates it, and the same shape as the JSON schema
 * sent as `response_format` (strict: every key required, nothing else allowed) to endpoints that support it.
 */
import { z } from 'zod';
import { ROOT_CAUSE_CATEGORIES, SEVERITIES } from '../domain/incident.js';
import type { LlmReply } from '../../agents/ports/llm-triage.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const replySchema = z.strictObject({
  symptom: text(1000),
  impact: text(1000),
  rootCause: text(2000),
  category: z.enum(ROOT_CAUSE_CATEGORIES),
  severity: z.enum(SEVERITIES),
  proposedActions: z.array(z.strictObject({ id: z.string().min(1).max(200), why: text(500) })).max(10),
  sameRootCause: z.array(z.string().min(1).max(200)).max(10),
  confidence: z.number().min(0).max(1),
}) satisfies z.ZodType<LlmReply>;

export const REPLY_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['symptom', 'impact', 'rootCause', 'category', 'severity', 'proposedActions', 'sameRootCause', 'confidence'],
  properties: {
    symptom: { type: 'string', description: 'What users or monitors visibly see, one or two sentences.' },
    impact: { type: 'string', description: 'Who is affected and how badly.' },
    rootCause: { type: 'string', description: 'The suspected root cause and the evidence for it.' },
    category: { type: 'string', enum: [...ROOT_CAUSE_CATEGORIES] },
    severity: { type: 'string', enum: [...SEVERITIES] },
    proposedActions: {
      type: 'array',
      description: 'Only ids of the playbook actions listed in the evidence.',
      items: { type: 'object', additionalProperties: false, required: ['id', 'why'], properties: { id: { type: 'string' }, why: { type: 'string' } } },
    },
    sameRootCause: { type: 'array', description: 'Only ids of the similar past incidents listed in the evidence.', items: { type: 'string' } },
    confidence: { type: 'number', description: 'From 0 to 1.' },
  },
} as const;

/** Reads a reply's text as the triage: JSON, possibly in a Markdown fence. Returns the problem when it is not. */
export function parseReply(content: string): { reply: LlmReply } | { problem: string } {
  const unfenced = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  let json: unknown;
  try {
    json = JSON.parse(start >= 0 && end > start ? unfenced.slice(start, end + 1) : unfenced);
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message.slice(0, 120)})` };
  }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) return { problem: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ') };
  return { reply: parsed.data };
}
