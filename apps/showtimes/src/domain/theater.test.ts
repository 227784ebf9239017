import { canonicalTimeZone, isTimeZone } from './theater';

describe('isTimeZone', () => {
  it('when given IANA zone names, then they are accepted', () => {
    for (const name of ['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'asia/tokyo']) expect(isTimeZone(name)).toBe(true);
  });

  it('when given offsets, unknown names or junk, then they are refused', () => {
    for (const name of ['+01:00', '-05:00', 'Mars/Olympus', '', ' UTC', 'Europe/../Paris', 'x'.repeat(65)]) expect(isTimeZone(name)).toBe(false);
  });
});

describe('canonicalTimeZone', () => {
  it('when a zone is spelt in another case, then its canonical spelling is kept', () => {
    expect(canonicalTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });
});
