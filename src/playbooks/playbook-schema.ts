import { z } from 'zod';
import { ACTION_KINDS, ACTION_RISKS, COMMUNICATION_TEMPLATES } from '../domain/playbook.js';
import { ROOT_CAUSE_CATEGORIES, SEVERITIES } from '../domain/incident.js';

const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));

/** One matcher: every key given must match. Unknown keys are an error (strict). */
export const matcherSchema = z
  .object({
    source: oneOrMany.optional(),
    services: oneOrMany.optional(),
    labels: z.record(z.string(), z.string()).optional(),
    text: z.string().optional(),
    logs: z.string().optional(),
  })
  .strict();

const httpSchema = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    url: z.string().url(),
    headers: z.record(z.string(), z.string()).optional(),
    timeoutMs: z.number().int().positive().optional(),
    body: z.unknown().optional(),
  })
  .strict();

const commandSchema = z
  .object({
    argv: z.array(z.string()).min(1),
    timeoutMs: z.number().int().positive().optional(),
  })
  .strict();

export const actionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id expected'),
    title: z.string().min(1),
    kind: z.enum(ACTION_KINDS),
    risk: z.enum(ACTION_RISKS),
    http: httpSchema.optional(),
    command: commandSchema.optional(),
  })
  .strict()
  .superRefine((action, ctx) => {
    if (action.kind === 'http' && action.http === undefined) ctx.addIssue({ code: 'custom', message: 'kind http needs an http block', path: ['http'] });
    if (action.kind === 'command' && action.command === undefined) ctx.addIssue({ code: 'custom', message: 'kind command needs a command block', path: ['command'] });
  });

/** The playbook file format of DESIGN.md ("Playbook format"). */
export const playbookSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id expected'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    category: z.enum(ROOT_CAUSE_CATEGORIES),
    match: z.union([matcherSchema, z.array(matcherSchema).min(1)]),
    checklist: z.array(z.string()).default([]),
    diagnosis: z.string().default(''),
    actions: z.array(actionSchema).default([]),
    communication: z.enum(COMMUNICATION_TEMPLATES).optional(),
  })
  .strict();
