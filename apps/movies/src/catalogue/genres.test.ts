import { canonicalGenres, resolveGenreEntries } from './genres';

const known = [
  { id: 18, name: 'Drama' },
  { id: 878, name: 'Science Fiction' },
  { id: 28, name: 'Action' },
];

describe('genres', () => {
  it('when names come in any case, then they become the canonical names, once each, and unknown ones are reported', () => {
    expect(canonicalGenres(['drama', 'SCIENCE fiction', 'Drama', 'Telenovela'], known)).toEqual({ names: ['Drama', 'Science Fiction'], unknown: ['Telenovela'] });
  });

  it('when a user event carries TMDb ids as strings, then they map to names and unknown entries are dropped', () => {
    expect(resolveGenreEntries(['28', 'drama', '99999', 'Polka'], known)).toEqual(['Action', 'Drama']);
  });
});
