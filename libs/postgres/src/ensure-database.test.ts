import { parseDatabaseUrl, quoteIdentifier } from './ensure-database';

describe('parseDatabaseUrl', () => {
  it('names the database and the same server’s postgres database', () => {
    expect(parseDatabaseUrl('postgres://app:secret@db.local:6543/marquee_tickets?sslmode=require')).toEqual({
      database: 'marquee_tickets',
      adminUrl: 'postgres://app:secret@db.local:6543/postgres?sslmode=require',
    });
  });

  it('refuses a URL without a database', () => {
    expect(() => parseDatabaseUrl('postgres://db.local:5432/')).toThrow(/names no database/);
  });
});

describe('quoteIdentifier', () => {
  it('double-quotes a name and escapes its quotes', () => {
    expect(quoteIdentifier('marquee_users')).toBe('"marquee_users"');
    expect(quoteIdentifier('odd"name')).toBe('"odd""name"');
  });
});
