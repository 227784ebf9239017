// A NUL character cannot be stored in PostgreSQL text or jsonb (the query fails), and a lone UTF-16
// surrogate has no UTF-8 form (the driver would write U+FFFD). The HTTP kit refuses both in
// requests; text that reaches the domain another way (TMDb answers, the search box through any
// other caller) is cleaned here so it can never turn into a 500.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NUL = /\u0000/g;

/** `text` without NUL characters and lone surrogates: what PostgreSQL can store. */
export function storableText(text: string): string {
  return text.replace(NUL, '').replace(LONE_SURROGATE, '');
}
