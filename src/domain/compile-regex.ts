/**
 * Compiles a playbook regex. Playbooks are written in the RE2/PCRE dialect Prometheus and Grafana users know,
 * where `(?i)` at the start turns on case-insensitivity; JavaScript has no inline flags, so a leading `(?i)`
 * (or `(?s)`, `(?m)`, combined) becomes a flag. Throws with the pattern named when it does not compile.
 */
export function compileRegex(pattern: string): RegExp {
  let flags = '';
  let body = pattern;
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline?.[1] !== undefined) {
    flags = [...new Set(inline[1].split(''))].join('');
    body = body.slice(inline[0].length);
  }
  return new RegExp(body, flags);
}
