import { beginStatement, type IsolationLevel } from './transaction';

describe('beginStatement', () => {
  it('uses the server default when no option is given', () => {
    expect(beginStatement()).toBe('BEGIN');
  });

  it('names the isolation level and read-only mode', () => {
    expect(beginStatement({ isolation: 'serializable', readOnly: true })).toBe('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY');
    expect(beginStatement({ isolation: 'repeatable read' })).toBe('BEGIN ISOLATION LEVEL REPEATABLE READ');
  });

  it('refuses an unknown isolation level rather than pasting it into SQL', () => {
    expect(() => beginStatement({ isolation: 'chaos; DROP TABLE x' as IsolationLevel })).toThrow(/Unknown isolation level/);
  });
});
