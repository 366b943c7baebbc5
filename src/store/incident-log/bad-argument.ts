import type { z } from 'zod';
import { FirebreakError } from '../../errors/catalogue.js';

/** FB_ERR_BAD_ARGUMENT naming the first invalid field of a zod error (`due: cannot read date "soon"`). */
export function badArgument(error: z.ZodError, what: string): FirebreakError {
  const issue = error.issues[0];
  const field = issue !== undefined && issue.path.length > 0 ? issue.path.join('.') : what;
  const message = issue === undefined ? `invalid ${what}` : issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  return new FirebreakError('FB_ERR_BAD_ARGUMENT', `${field}: ${message}`, { field });
}
