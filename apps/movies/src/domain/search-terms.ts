/** What the search query is built from, derived from what the user typed. */
export interface SearchTerms {
  /** Lower-cased, trimmed, inner spaces collapsed: compared with titles (exact match, trigrams). */
  text: string;
  /**
   * A `to_tsquery` string matching every word as a prefix (`incep:*`), or '' when the text has no
   * word. Only letters and digits reach it, so no tsquery syntax can be injected.
   */
  prefixQuery: string;
  /** A `LIKE` pattern for titles starting with the text, with `%`, `_` and `\` escaped. */
  titlePrefix: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function searchTerms(q: string): SearchTerms {
  const text = q.trim().replace(/\s+/g, ' ').toLowerCase();
  const words = text.match(WORD) ?? [];
  return {
    text,
    prefixQuery: words.map((w) => `${w}:*`).join(' & '),
    titlePrefix: `${text.replace(/[\\%_]/g, '\\$&')}%`,
  };
}
