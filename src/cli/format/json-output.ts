/** Prints a value as JSON for scripts (`--json`): one document on stdout, newline-terminated. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
