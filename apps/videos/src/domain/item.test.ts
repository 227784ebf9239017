import { normaliseTitle } from './item';

describe('normaliseTitle', () => {
  it('when a title has outer and repeated inner white space, then it is trimmed and folded', () => {
    expect(normaliseTitle('  A   first\titem ')).toBe('A first item');
  });

  it('when a title is already clean, then it is unchanged', () => {
    expect(normaliseTitle('Tidy')).toBe('Tidy');
  });
});
