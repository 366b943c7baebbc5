import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a session cookie from the login form is good for. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * What the UI's token proves, and the values derived from it: session cookies and CSRF tokens are HMACs keyed
 * by the token, so they need no server-side state and changing the token signs every session out.
 */
export class UiCredentials {
  readonly #token: string;
  readonly #key: Buffer;

  constructor(token: string, private readonly now: () => number = Date.now) {
    this.#token = token;
    this.#key = createHash('sha256').update(`firebreak-ui:${token}`).digest();
  }

  /** Constant time whatever the lengths: both sides are hashed to 32 bytes before comparing. */
  tokenMatches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), digest(this.#token));
  }

  /** A session cookie value for `actor`: `<issued ms>.<actor, base64url>.<hmac>`. */
  issueSession(actor: string): string {
    const body = `${this.now()}.${Buffer.from(actor, 'utf8').toString('base64url')}`;
    return `${body}.${this.#sign(`session:${body}`)}`;
  }

  /** The actor of a valid, unexpired session cookie, else null. */
  verifySession(value: string | undefined): string | null {
    if (!value) return null;
    const parts = value.split('.');
    if (parts.length !== 3) return null;
    const [issued, actor, mac] = parts as [string, string, string];
    if (!safeEqual(mac, this.#sign(`session:${issued}.${actor}`))) return null;
    const age = this.now() - Number(issued);
    if (!Number.isFinite(age) || age < 0 || age > SESSION_TTL_MS) return null;
    return Buffer.from(actor, 'base64url').toString('utf8');
  }

  /** The CSRF token of a session (the cookie value, or "header:<actor>" for header credentials). */
  csrfToken(session: string): string {
    return this.#sign(`csrf:${session}`);
  }

  csrfMatches(session: string, candidate: string | undefined): boolean {
    return typeof candidate === 'string' && safeEqual(candidate, this.csrfToken(session));
  }

  #sign(message: string): string {
    return createHmac('sha256', this.#key).update(message).digest('base64url');
  }
}

/** A random value for the login form's double-submit cookie. */
export function loginNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
