import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FirebreakError } from '../../errors/catalogue.js';
import type { AlertSource } from '../../domain/alert.js';

/**
 * Small pieces every normaliser shares: zod parsing that names the JSON path, tolerant scalar and label
 * schemas (real senders put numbers where the docs show strings, and null where a field is "optional"),
 * time handling (Go's zero time means "not set"), and stable derived fingerprints.
 */

/**
 * Parses `body` with `schema` or throws FB_ERR_RECEIVER_SCHEMA naming the first bad JSON path (`prefix` is
 * where `body` sits in the whole request body).
 * @example parseWith(amBody, body, 'alertmanager') // throws 'alerts[0].labels: expected record, received string'
 */
export function parseWith<T extends z.ZodType>(
  schema: T,
  body: unknown,
  source: AlertSource | 'changes',
  prefix: ReadonlyArray<string | number> = [],
): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatPath([...prefix, ...(issue?.path ?? [])]);
  const message = issue === undefined ? 'invalid body' : issue.message;
  throw new FirebreakError('FB_ERR_RECEIVER_SCHEMA', `${path === '' ? '(body)' : path}: ${message}`, { source, path });
}

/** `['alerts', 0, 'labels']` -> `alerts[0].labels` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * A string the sender may also give as a number or boolean (ids are numbers in some versions), or leave out or
 * null. Only checked: `text` makes it the string. The schemas every Alertmanager and Grafana alert goes through
 * use it as it is and convert while normalising, because a zod transform per field (a pipe) cost more than the
 * checks themselves on that hot path (BENCHMARKS.md, Ingest).
 */
export const looseScalar = z.union([z.string(), z.number(), z.boolean()]).nullish();

export type LooseScalar = z.infer<typeof looseScalar>;

/** A loose scalar as a string; null when absent. */
export function text(value: LooseScalar): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A loose scalar already made a string (null when absent), for schemas off the hot path. */
export const looseString = looseScalar.transform(text);

/** A label or annotation map as sent: any JSON object, or absent. Only checked: `stringValues` makes it the map. */
export const labelMap = z
  .custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    message: 'expected an object of names to values',
  })
  .nullish();

/**
 * A label or annotation map as the Alert holds it. Values that are not strings are turned into strings (numbers,
 * booleans) or dropped (null, nested objects): the Alert's maps are string to string, and one odd value must not
 * refuse the alert.
 */
export function stringValues(map: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  // JSON.parse gives plain objects with no inherited enumerable keys, so for...in sees exactly the own ones.
  for (const key in map) {
    const item = map[key];
    if (typeof item === 'string') out[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
  }
  return out;
}

/** A label map already made string to string, for schemas off the hot path. */
export const stringMap = labelMap.transform(stringValues);

/**
 * An ISO-8601 (RFC 3339) time as a normalised ISO string, or null when absent, unparseable or Go's zero time
 * (`0001-01-01T00:00:00Z`, which Alertmanager and Grafana send for "not ended"). Unix seconds are accepted too.
 */
export function isoTime(value: unknown): string | null {
  if (typeof value === 'number') {
    // Sentry sends `timestamp`/`received` as Unix seconds with a fraction.
    const date = new Date(value * 1000);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (value.startsWith('0001-01-01')) return null;
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) return null;
  const date = new Date(millis);
  return date.getUTCFullYear() <= 1 ? null : date.toISOString();
}

/** A stable identity from identifying fields, for sources that send none. */
export function derivedFingerprint(...parts: ReadonlyArray<string | number | null | undefined>): string {
  const text = parts.map((part) => (part === null || part === undefined ? '' : String(part))).join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Labels sorted by name, as `a=1,b=2`: the identity of a Prometheus-style alert when no fingerprint came. */
export function labelSetKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join(',');
}

/** The first of `keys` that `labels` holds with a non-empty value. */
export function firstLabel(labels: Record<string, string>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined && value.trim() !== '') return value;
  }
  return null;
}

/**
 * Label names that say which service an alert is about, most specific first. `job` (the Prometheus scrape job)
 * names the service on VMs and bare metal, `namespace` is the last resort on Kubernetes.
 */
export const SERVICE_LABELS = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'app.kubernetes.io/name',
  'application',
  'k8s_app',
  'job',
  'namespace',
] as const;

/** Label names that say which environment an alert is about. */
export const ENVIRONMENT_LABELS = ['environment', 'env', 'deployment_environment', 'stage'] as const;

/** The first line of a text, trimmed (Sentry titles carry the whole SQL error after a newline). */
export function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.trim();
}

/** `value` when it is a non-empty string, else undefined (senders use "" for "no link"). */
export function link(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Drops undefined values so links and labels serialise the same way after a round trip through Redis. */
export function compact<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) out[key] = value;
  }
  return out as { [K in keyof T]?: string };
}
