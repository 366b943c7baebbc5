/**
 * One JSON request to a log API with Node's global fetch. A failure says what a person needs to fix it (the HTTP
 * status and the start of the API's own error text) and never the request's URL or headers, which may carry a token.
 */
export async function requestJson(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, signal: AbortSignal): Promise<unknown> {
  const { target, headers } = withUrlCredentials(url, init.headers);
  let response: Response;
  try {
    response = await fetch(target, { ...init, headers, signal, redirect: 'error' });
  } catch (error) {
    throw new Error(describeFetchError(error, signal));
  }
  const text = await response.text();
  if (!response.ok) {
    const detail = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    throw new Error(`HTTP ${response.status}${detail.length > 0 ? `: ${detail}` : ''}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON`);
  }
}

function describeFetchError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'aborted (timed out)';
  // undici wraps the socket error (ECONNREFUSED, ENOTFOUND...) in `cause`; its own message is only "fetch failed".
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `unreachable (${cause.code})`;
  // Some messages quote the URL; it is left out in case it carries a token in its query.
  const message = (error instanceof Error ? error.message : String(error)).replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]');
  return `unreachable (${message})`;
}

/**
 * fetch refuses a URL with `user:password@`; a source configured that way (common for Elasticsearch) gets them as
 * basic auth instead, unless a token already gives the Authorization header.
 */
function withUrlCredentials(url: string, headers: Record<string, string>): { target: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { target: url, headers };
  const basic = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { target: parsed.toString(), headers: { authorization: `Basic ${basic}`, ...headers } };
}

/** The Authorization header for a token: sent as given when it already names a scheme, else as `<scheme> <token>`. */
export function authorization(token: string | undefined, scheme: string): Record<string, string> {
  if (token === undefined) return {};
  return { authorization: /^(Bearer|Basic|ApiKey) /i.test(token) ? token : `${scheme} ${token}` };
}
