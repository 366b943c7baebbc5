import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Playbook, PlaybookMatcher } from '../domain/playbook.js';
import { FirebreakError } from '../errors/catalogue.js';
import { compileRegex } from '../domain/compile-regex.js';
import { playbookSchema } from './playbook-schema.js';

/**
 * Loads every `*.yaml` / `*.yml` playbook in `dir`, all or nothing: the first problem found in any file stops the
 * load with the file and key named (FB_ERR_PLAYBOOK_INVALID), so start-up never runs on half the playbooks.
 * A missing folder loads no playbooks.
 */
export function loadPlaybooks(dir: string): Playbook[] {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new FirebreakError('FB_ERR_PLAYBOOK_INVALID', `${dir}: not a folder`, { file: dir });
    files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const playbooks = files.map((file) => parsePlaybook(readFileSync(join(dir, file), 'utf8'), join(dir, file)));
  const seen = new Map<string, string>();
  for (const playbook of playbooks) {
    const other = seen.get(playbook.id);
    if (other !== undefined) {
      throw new FirebreakError('FB_ERR_PLAYBOOK_INVALID', `${playbook.file}: id "${playbook.id}" is already used by ${other}`, { file: playbook.file, key: 'id' });
    }
    seen.set(playbook.id, playbook.file);
  }
  return playbooks;
}

/** Parses one playbook file's text; `file` names it in errors. */
export function parsePlaybook(text: string, file: string): Playbook {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new FirebreakError('FB_ERR_PLAYBOOK_INVALID', `${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`, { file });
  }
  const parsed = playbookSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const unknownKeys = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    const key = [...(issue?.path ?? []), ...(issue?.code === 'unrecognized_keys' ? [issue.keys[0] ?? ''] : [])].join('.');
    throw new FirebreakError('FB_ERR_PLAYBOOK_INVALID', `${file}: ${key || '(root)'}: ${issue?.message ?? 'invalid'}${unknownKeys}`, { file, key });
  }
  const raw = parsed.data;
  const matchers = (Array.isArray(raw.match) ? raw.match : [raw.match]).map((matcher, index): PlaybookMatcher => {
    const regex = (pattern: string, key: string): RegExp => {
      try {
        return compileRegex(pattern);
      } catch (error) {
        throw new FirebreakError('FB_ERR_PLAYBOOK_INVALID', `${file}: match.${index}.${key}: invalid regex (${(error as Error).message})`, { file, key: `match.${index}.${key}` });
      }
    };
    return {
      sources: matcher.source ?? null,
      services: matcher.services ?? null,
      labels: Object.entries(matcher.labels ?? {}).map(([name, pattern]) => ({ name, pattern: regex(pattern, `labels.${name}`) })),
      text: matcher.text === undefined ? null : regex(matcher.text, 'text'),
      logs: matcher.logs === undefined ? null : regex(matcher.logs, 'logs'),
    };
  });
  return {
    id: raw.id,
    title: raw.title,
    severity: raw.severity,
    category: raw.category,
    match: matchers,
    checklist: raw.checklist,
    diagnosis: raw.diagnosis,
    actions: raw.actions,
    communication: raw.communication ?? null,
    file,
  };
}
