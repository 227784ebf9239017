import { MAX_SEARCH_TEXT, searchTerms } from './search-terms';

describe('search terms', () => {
  it('when the text has words, then each becomes a prefix term of the tsquery', () => {
    expect(searchTerms('  The   Dark knight ')).toEqual({ text: 'the dark knight', prefixQuery: 'the:* & dark:* & knight:*', titlePrefix: 'the dark knight%' });
  });

  it('when the text carries tsquery or LIKE syntax, then it cannot leak into the query', () => {
    const terms = searchTerms(`incep' | !x:* & (50%_off\\)`);
    expect(terms.prefixQuery).toBe('incep:* & x:* & 50:* & off:*');
    expect(terms.titlePrefix).toBe(`incep' | !x:* & (50\\%\\_off\\\\)%`);
  });

  it('when the text has no word at all, then the prefix query is empty', () => {
    expect(searchTerms('!!!').prefixQuery).toBe('');
  });

  it('when the text is not Latin, then letters still count as words', () => {
    expect(searchTerms('Amélie 千と').prefixQuery).toBe('amélie:* & 千と:*');
  });

  it('when the text holds NUL, lone surrogates or bidi overrides, then none of them is left for PostgreSQL', () => {
    expect(searchTerms('a\u0000N')).toMatchObject({ text: 'an', prefixQuery: 'an:*' });
    expect(searchTerms('x\ud800y\udc00')).toMatchObject({ text: 'xy' });
    expect(searchTerms('\u202egnp.exe\u202c')).toMatchObject({ text: 'gnp.exe', prefixQuery: 'gnp:* & exe:*' });
    expect(searchTerms('\u0000\u202e ').text).toBe('');
    // A real emoji (a surrogate pair) is kept; one cut in half by the length cap is dropped.
    expect(searchTerms('🎬 night').text).toBe('🎬 night');
    expect(searchTerms('x'.repeat(100_000)).text).toHaveLength(MAX_SEARCH_TEXT);
    expect(searchTerms(`${'x'.repeat(MAX_SEARCH_TEXT - 1)}🎬`).text).toBe('x'.repeat(MAX_SEARCH_TEXT - 1));
  });
});
