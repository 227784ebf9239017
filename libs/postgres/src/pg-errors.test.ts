import {
  isCheckViolation,
  isDeadlock,
  isExclusionViolation,
  isForeignKeyViolation,
  isPgError,
  isSerializationFailure,
  isUniqueViolation,
} from './pg-errors';

function pgError(code: string, constraint?: string): Error {
  return Object.assign(new Error('from the server'), { code, constraint, severity: 'ERROR' });
}

describe('pg error helpers', () => {
  it('recognise each SQLSTATE they are named after', () => {
    expect(isUniqueViolation(pgError('23505'))).toBe(true);
    expect(isExclusionViolation(pgError('23P01'))).toBe(true);
    expect(isCheckViolation(pgError('23514'))).toBe(true);
    expect(isForeignKeyViolation(pgError('23503'))).toBe(true);
    expect(isSerializationFailure(pgError('40001'))).toBe(true);
    expect(isDeadlock(pgError('40P01'))).toBe(true);
    expect(isUniqueViolation(pgError('23P01'))).toBe(false);
  });

  it('match a constraint name only when one is given', () => {
    const error = pgError('23505', 'ticket_seats_unique');
    expect(isUniqueViolation(error, 'ticket_seats_unique')).toBe(true);
    expect(isUniqueViolation(error, 'users_email_key')).toBe(false);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('do not mistake other errors for server errors', () => {
    expect(isPgError(Object.assign(new Error('socket'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isPgError({ code: '23505', severity: 'ERROR' })).toBe(false);
    expect(isPgError(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});
