export interface Genre {
  /** TMDb's genre id. */
  id: number;
  name: string;
}

/**
 * Canonical names for genre names given in any letter case. `unknown` lists what matched nothing,
 * so the caller can refuse it (a movie) or drop it (a user preference).
 */
export function canonicalGenres(given: readonly string[], known: readonly Genre[]): { names: string[]; unknown: string[] } {
  const byName = new Map(known.map((g) => [g.name.toLowerCase(), g.name]));
  const names: string[] = [];
  const unknown: string[] = [];
  for (const entry of given) {
    const name = byName.get(entry.trim().toLowerCase());
    if (name === undefined) unknown.push(entry);
    else if (!names.includes(name)) names.push(name);
  }
  return { names, unknown };
}

/**
 * Genre preferences from a user event: names, or sometimes TMDb ids written as strings ("28").
 * Ids become names; names are matched case-insensitively; anything unknown is dropped.
 */
export function resolveGenreEntries(entries: readonly string[], known: readonly Genre[]): string[] {
  const byId = new Map(known.map((g) => [String(g.id), g.name]));
  const named = entries.map((entry) => byId.get(entry.trim()) ?? entry);
  return canonicalGenres(named, known).names;
}
