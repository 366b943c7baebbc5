import { escape } from 'html-escaper';

/**
 * HTML that is already safe to send: built by the `html` tag, so every value in it was escaped. Alert titles,
 * log lines and root causes are hostile input (anyone who can make a monitored service emit an error writes
 * them); the only way to put text on a page is through `html`, which escapes it unless it is SafeHtml.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

/**
 * Safe by default: interpolated strings and numbers are escaped, arrays are joined, null/undefined/false
 * render nothing, SafeHtml passes through.
 * @example html`<td>${alert.title}</td>` // "<script>" arrives as "&lt;script&gt;"
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup written by this code itself (a computed SVG path, say); never pass it input from outside. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((item) => render(item)).join('');
  return escape(String(value));
}
