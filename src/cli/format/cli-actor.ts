import { userInfo } from 'node:os';

/** Who the timeline names for a CLI change: `--by`, else FIREBREAK_USER, else the login name. */
export function cliActor(by: string | undefined): string {
  if (by !== undefined && by.trim() !== '') return by.trim();
  const fromEnv = process.env.FIREBREAK_USER;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}
