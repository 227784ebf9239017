import { searchTerms } from './search-terms';

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
});
