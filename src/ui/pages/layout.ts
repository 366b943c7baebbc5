import { html, type SafeHtml } from '../html.js';

export interface LayoutOptions {
  title: string;
  /** Which item of the navigation is this page. */
  section?: 'log' | 'indicators' | 'incident';
  /** Who is signed in, and the CSRF token for the sign-out form; absent on the login page. */
  actor?: string;
  csrf?: string;
  /** Sign out only works for a cookie session; header credentials have nothing to end. */
  canSignOut?: boolean;
}

/**
 * The frame of every page. No script is needed to read or edit: forms post, links navigate. The only style
 * sheet is served from /ui/static, so a Content-Security-Policy of `default-src 'self'` holds.
 */
export function layout(options: LayoutOptions, body: SafeHtml): SafeHtml {
  const current = (section: LayoutOptions['section']) => (options.section === section ? html` aria-current="page"` : html``);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Firebreak</title>
<link rel="stylesheet" href="/ui/static/ui.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/ui">Firebreak</a>
  ${options.actor === undefined ? '' : html`<nav>
    <a href="/ui"${current('log')}>Incident log</a>
    <a href="/ui/indicators"${current('indicators')}>Indicators</a>
  </nav>
  <div class="who">${options.actor}${options.canSignOut ? html`
    <form method="post" action="/ui/logout" class="inline"><input type="hidden" name="_csrf" value="${options.csrf}"><button type="submit" class="link">Sign out</button></form>` : ''}</div>`}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}
