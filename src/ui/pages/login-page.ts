import { html, type SafeHtml } from '../html.js';

/** The sign-in form: the UI token (FIREBREAK_UI_TOKEN) and a name for the timeline. */
export function loginPage(options: { nonce: string; next: string; error?: string }): SafeHtml {
  return html`<h1>Sign in</h1>
${options.error ? html`<p class="notice error" role="alert">${options.error}</p>` : ''}
<form method="post" action="/ui/login" class="login">
<input type="hidden" name="nonce" value="${options.nonce}">
<input type="hidden" name="next" value="${options.next}">
<label>Access token <input type="password" name="token" autocomplete="current-password" required></label>
<label>Your name (written in the timeline) <input name="name" autocomplete="username" maxlength="64" pattern="[A-Za-z0-9._@ \\-]+"></label>
<button type="submit">Sign in</button>
</form>`;
}
