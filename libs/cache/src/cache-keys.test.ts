import { CacheKeys, escapeGlob, normalizeNamespace } from './cache-keys';

test('glob metacharacters are escaped so a prefix matches only itself', () => {
  expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  expect(new CacheKeys('ns:').valuePattern('q[1]')).toBe('ns:v:q\\[1\\]*');
});

test('a key is covered by its own fence, the fence of each of its prefixes, and one per tag', () => {
  expect(new CacheKeys('ns:').fences('ab', ['t'])).toEqual(['ns:f:k:ab', 'ns:f:p:', 'ns:f:p:a', 'ns:f:p:ab', 'ns:f:t:t']);
});

test('prefixes are cut on characters, not UTF-16 halves', () => {
  expect(new CacheKeys('ns:').fences('🎬', [])).toEqual(['ns:f:k:🎬', 'ns:f:p:', 'ns:f:p:🎬']);
});

test('a namespace always ends with a colon', () => {
  expect(normalizeNamespace('movies')).toBe('movies:');
  expect(normalizeNamespace('movies:')).toBe('movies:');
  expect(() => normalizeNamespace('')).toThrow(TypeError);
});
