import { z } from 'zod';
import { CHANGE_KINDS, type ChangeEvent } from '../../domain/change-event.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { isoTime, looseString, parseWith } from './normalize-support.js';

/**
 * A change event posted by CI/CD to `POST /webhooks/changes` (DESIGN.md, "Change events"):
 * `{service, kind: deploy|hotfix|rollback|config, version, environment, at, author, description, url}`.
 * `service` and `kind` are required; `at` defaults to the time of receipt when the pipeline leaves it out.
 * Unknown fields are ignored, so a pipeline may post its whole context.
 */
const changeBody = z.object({
  service: z.string().trim().min(1, 'expected a non-empty service name'),
  kind: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(CHANGE_KINDS, { error: `expected one of ${CHANGE_KINDS.join(', ')}` })),
  version: looseString,
  environment: looseString,
  at: z.unknown().optional(),
  author: looseString,
  description: looseString,
  url: looseString,
});

/**
 * @example normalizeChange({ service: 'checkout', kind: 'deploy', version: '4.6.2', at: '2025-03-27T09:43:09Z' })
 */
export function normalizeChange(body: unknown, receivedAt?: Date): ChangeEvent {
  const change = parseWith(changeBody, body, 'changes');
  const at = isoTime(change.at) ?? receivedAt?.toISOString() ?? null;
  if (at === null) {
    throw new FirebreakError('FB_ERR_RECEIVER_SCHEMA', 'at: expected an ISO-8601 time', { source: 'changes', path: 'at' });
  }
  if (change.at !== undefined && change.at !== null && isoTime(change.at) === null) {
    throw new FirebreakError('FB_ERR_RECEIVER_SCHEMA', 'at: expected an ISO-8601 time', { source: 'changes', path: 'at' });
  }
  return {
    service: change.service,
    kind: change.kind,
    version: change.version,
    environment: change.environment,
    at,
    author: change.author,
    description: change.description,
    url: change.url,
  };
}
