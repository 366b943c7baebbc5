import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CHANGE_KINDS, type ChangeEvent } from '../../domain/change-event.js';
import { readDate } from '../../import/read-date.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import { badArgument } from './bad-argument.js';
import { camelRows } from './row-mapping.js';

export const changeEventSchema = z.object({
  service: z.string().trim().min(1),
  kind: z.enum(CHANGE_KINDS),
  version: z.string().nullable().default(null),
  environment: z.string().nullable().default(null),
  at: z.string().refine((value) => readDate(value) !== null, 'cannot read date').transform((value) => readDate(value) as string),
  author: z.string().nullable().default(null),
  description: z.string().nullable().default(null),
  url: z.string().nullable().default(null),
});

export interface StoredChangeEvent extends ChangeEvent {
  id: number;
  receivedAt: string;
}

/** The identity of a change: the same deploy posted twice (a CI retry) is one change. */
export function changeEventKey(event: ChangeEvent): string {
  const identity = [event.service, event.kind, event.version, event.environment, new Date(event.at).toISOString()];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 40);
}

/**
 * Records a change posted by CI/CD (deploy, hotfix, rollback, config). A redelivery changes nothing and returns
 * the first row with `created: false`. Bad input: FB_ERR_BAD_ARGUMENT naming the field.
 */
export async function recordChangeEvent(db: Db, input: unknown, receivedAt: Date): Promise<{ id: number; created: boolean }> {
  const parsed = changeEventSchema.safeParse(input);
  if (!parsed.success) throw badArgument(parsed.error, 'change');
  const event = parsed.data;
  const key = changeEventKey(event);
  const params = [key, event.service, event.kind, event.version, event.environment, event.at, event.author, event.description, event.url, receivedAt.toISOString()];
  const [row] = await db.query<{ id: number; created: boolean }>(sql('incident-log/insert-change-event'), params);
  if (row !== undefined) return row;
  // A concurrent delivery committed between our insert's check and our snapshot: read it again.
  const [again] = await db.query<{ id: number; created: boolean }>(sql('incident-log/insert-change-event'), params);
  if (again === undefined) throw new Error(`change event ${key} neither inserted nor found`);
  return again;
}

/** Changes between `from` and `to`, newest first, optionally for one service. */
export async function listChangeEvents(db: Db, from: Date, to: Date, service: string | null = null): Promise<StoredChangeEvent[]> {
  return camelRows<StoredChangeEvent>(await db.query(sql('incident-log/list-change-events'), [from.toISOString(), to.toISOString(), service]));
}
