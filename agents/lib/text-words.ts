/**
 * Words of free text, tokenised the same way for alerts and for past incidents, so that `ChunkLoadError` in an
 * alert meets "ChunkLoadError" in a post-mortem: camel case is split, letters-only words of three or more, and
 * three-digit numbers such as HTTP statuses; no ids, hashes or long numbers.
 */
export function textWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => (/^[a-z]{3,}$/.test(word) || /^\d{3}$/.test(word)) && !/^[a-f]{8,}$/.test(word));
}

/** Crude stems so `timeouts`/`timing`/`timed` meet `timeout`; enough for ranking, not linguistics. */
export function stems(word: string): string[] {
  const out: string[] = [];
  for (const suffix of ['ing', 'ed', 'es', 's']) if (word.length > suffix.length + 3 && word.endsWith(suffix)) out.push(word.slice(0, -suffix.length));
  return out;
}
