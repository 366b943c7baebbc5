import { FirebreakError } from '../../errors/catalogue.js';

const NOTE_MAX = 1000;

/** `--as USER` of a decision (approve, reject, outcome, false positive, revoke): who decides, never empty. */
export function readAs(as: string, who: string): string {
  const user = as.trim();
  if (user === '') throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--as: must name ${who}`);
  return user;
}

/** `--note TEXT` of a decision, kept in the timeline: null when absent or blank, at most 1000 characters. */
export function readNote(note: string | undefined): string | null {
  const text = note?.trim() || null;
  if (text !== null && text.length > NOTE_MAX) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--note: at most ${NOTE_MAX} characters, got ${text.length}`);
  return text;
}
