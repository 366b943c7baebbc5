import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors/catalogue.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';

const GOOD = `id: disk-full
title: Disk filling up
severity: minor
category: infrastructure
match:
  labels: { alertname: "(?i)^node.*filesystem" }
checklist:
  - What writes to the disk?
actions:
  - id: note
    title: Record a note
    kind: noop
    risk: low
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-playbooks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function loadError(dir: string): FirebreakError {
  try {
    loadPlaybooks(dir);
  } catch (error) {
    if (error instanceof FirebreakError) return error;
    throw error;
  }
  throw new Error('expected the folder not to load');
}

describe('playbook loader', () => {
  describe('when every file is valid', () => {
    it('loads them with their regexes compiled, (?i) as a flag', () => {
      const dir = folder({ 'disk-full.yaml': GOOD, 'notes.txt': 'not a playbook' });
      const [playbook, ...rest] = loadPlaybooks(dir);
      expect(rest).toEqual([]);
      expect(playbook?.id).toBe('disk-full');
      expect(playbook?.file).toBe(join(dir, 'disk-full.yaml'));
      expect(playbook?.match[0]?.labels[0]?.pattern.test('NodeFilesystemAlmostFull')).toBe(true);
      expect(playbook?.actions).toEqual([{ id: 'note', title: 'Record a note', kind: 'noop', risk: 'low' }]);
    });

    it('loads no playbook from a folder that does not exist', () => {
      expect(loadPlaybooks(join(tmpdir(), 'firebreak-no-such-folder-4711'))).toEqual([]);
    });
  });

  describe('when a file has a key the format does not know', () => {
    it('stops with the file and the key named', () => {
      const dir = folder({ 'disk-full.yaml': `${GOOD}owner: storage-team\n` });
      const error = loadError(dir);
      expect(error.code).toBe('FB_ERR_PLAYBOOK_INVALID');
      expect(error.message).toContain(join(dir, 'disk-full.yaml'));
      expect(error.message).toContain('owner');
      expect(error.context).toMatchObject({ file: join(dir, 'disk-full.yaml'), key: 'owner' });
    });

    it('names a misspelled matcher key with its path', () => {
      const error = loadError(folder({ 'disk-full.yaml': GOOD.replace('  labels:', '  label:') }));
      expect(error.context.key).toBe('match.label');
      expect(error.message).toContain('label');
    });
  });

  describe('when a regex does not compile', () => {
    it('stops with the file and the key of the regex named', () => {
      const dir = folder({ 'disk-full.yaml': GOOD.replace('(?i)^node.*filesystem', '(?i)^node(.*filesystem') });
      const error = loadError(dir);
      expect(error.code).toBe('FB_ERR_PLAYBOOK_INVALID');
      expect(error.message).toContain(join(dir, 'disk-full.yaml'));
      expect(error.context.key).toBe('match.0.labels.alertname');
      expect(error.message).toContain('invalid regex');
    });
  });

  describe('when two files use the same id', () => {
    it('stops naming both files and the id key', () => {
      const dir = folder({ 'a.yaml': GOOD, 'b.yml': GOOD.replace('title: Disk filling up', 'title: Another') });
      const error = loadError(dir);
      expect(error.message).toContain(join(dir, 'a.yaml'));
      expect(error.message).toContain(join(dir, 'b.yml'));
      expect(error.message).toContain('disk-full');
      expect(error.context.key).toBe('id');
    });
  });

  describe('when one file of several is bad', () => {
    it('loads none of them (never half-loaded)', () => {
      const dir = folder({ 'a-good.yaml': GOOD, 'z-bad.yaml': GOOD.replace('id: disk-full', 'id: other').replace('severity: minor', 'severity: sev2') });
      const error = loadError(dir);
      expect(error.message).toContain('z-bad.yaml');
      expect(error.context.key).toBe('severity');
    });

    it('reports a file that is not YAML with its name', () => {
      const error = loadError(folder({ 'a-good.yaml': GOOD, 'broken.yaml': 'id: [unclosed\n' }));
      expect(error.message).toContain('broken.yaml');
      expect(error.message).toContain('not valid YAML');
    });
  });

  describe('when an action is of a kind that needs its block', () => {
    it('refuses an http action without its http block', () => {
      const error = loadError(folder({ 'disk-full.yaml': GOOD.replace('kind: noop', 'kind: http') }));
      expect(error.context.key).toBe('actions.0.http');
    });
  });
});
