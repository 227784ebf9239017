import { storableText } from '../movie/text';

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
/** Longer text is not a title, a genre or a name (the HTTP schema allows 200 characters). */
export const MAX_SEARCH_TEXT = 256;
// Control characters and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) are not part of
// any title; they only hide what was typed. They become spaces.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The search terms of what was typed. Safe for any string: it is cut to MAX_SEARCH_TEXT, and NUL,
 * lone surrogates and invisible controls are removed before the text goes near PostgreSQL (the
 * HTTP layer refuses NUL already, but the domain does not rely on it). `text` is '' when nothing
 * searchable is left.
 */
export function searchTerms(q: string): SearchTerms {
  // Cut before cleaning: a surrogate pair split by the cut is then removed as a lone surrogate.
  const text = storableText(q.slice(0, MAX_SEARCH_TEXT)).replace(INVISIBLE, ' ').trim().replace(/\s+/g, ' ').toLowerCase();
  const words = text.match(WORD) ?? [];
  return {
    text,
    prefixQuery: words.map((w) => `${w}:*`).join(' & '),
    titlePrefix: `${text.replace(/[\\%_]/g, '\\$&')}%`,
  };
}
