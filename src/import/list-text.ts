/**
 * Countermeasures and remediations as a spreadsheet cell holds them: a JSON list (as JSONL has it), or one item
 * per line (or separated by ` | `), each with an optional trailer in parentheses.
 *
 *   countermeasure: `2023-03-28T10:15:48Z Hotfixed the template (worked)`  (leading time optional;
 *                   trailer `worked` / `did not work` / `failed` / `worked: yes|no`)
 *   remediation:    `Add a regression test (owner: team-platform, due: 2023-04-27, status: done)`
 *
 * @example readListText('Restarted pods (did not work)\nRolled back (worked)', 'countermeasure')
 */
export function readListText(value: string, kind: 'countermeasure' | 'remediation'): Array<Record<string, unknown>> {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
    } catch {
      // Not JSON after all: read it as lines.
    }
  }
  return trimmed
    .split(/\r?\n| \| /)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '')
    .map((line) => (kind === 'countermeasure' ? readCountermeasureLine(line) : readRemediationLine(line)));
}

const LEADING_TIME = /^(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*(?:[-–—:]\s*)?/;
const TRAILER = /\s*[([]([^()[\]]*)[)\]]\s*$/;

function readCountermeasureLine(line: string): Record<string, unknown> {
  let rest = line;
  let at: string | undefined;
  const time = LEADING_TIME.exec(rest);
  if (time?.[1] !== undefined) {
    at = time[1];
    rest = rest.slice(time[0].length);
  }
  let worked: boolean | null = null;
  const trailer = TRAILER.exec(rest);
  if (trailer?.[1] !== undefined) {
    const fields = trailerFields(trailer[1]);
    const said = fields.worked ?? fields._;
    const reading = readWorked(said);
    if (reading !== null) {
      worked = reading;
      rest = rest.slice(0, trailer.index);
    }
  }
  return { at, action: rest.trim(), worked };
}

function readRemediationLine(line: string): Record<string, unknown> {
  const trailer = TRAILER.exec(line);
  if (trailer?.[1] === undefined) return { title: line };
  const fields = trailerFields(trailer[1]);
  if (fields.owner === undefined && fields.due === undefined && fields.status === undefined) return { title: line };
  return { title: line.slice(0, trailer.index).trim(), owner: fields.owner, due: fields.due, status: fields.status };
}

/** `owner: ana, due: 2024-01-01` -> {owner, due}; a bare word lands in `_`. */
function trailerFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of text.split(/[,;]/)) {
    const match = /^\s*([a-z_ ]+?)\s*[:=]\s*(.+?)\s*$/i.exec(part);
    if (match?.[1] !== undefined && match[2] !== undefined) fields[match[1].toLowerCase().replace(/\s+/g, '_')] = match[2];
    else if (part.trim() !== '') fields._ = part.trim();
  }
  return fields;
}

/** true / false / null from the ways people say whether something worked. */
export function readWorked(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  const said = value.trim().toLowerCase();
  if (['true', 'yes', 'y', 'worked', 'ok', 'it worked', 'success', '✓', '✔'].includes(said)) return true;
  if (['false', 'no', 'n', 'did not work', "didn't work", 'failed', 'no effect', '✗', '✘'].includes(said)) return false;
  return null;
}
