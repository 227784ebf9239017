import { redact } from './logger';

describe('redact', () => {
  it('hides passwords, tokens, OTP codes and card numbers at any depth', () => {
    const out = redact({
      email: 'a@b.c',
      password: 'hunter22',
      nested: { refresh_token: 'x', otp_code: '123456', card: { number: '4242' }, ok: 1 },
      list: [{ authorization: 'Bearer y' }],
    });
    expect(out).toEqual({
      email: 'a@b.c',
      password: '[redacted]',
      nested: { refresh_token: '[redacted]', otp_code: '[redacted]', card: '[redacted]', ok: 1 },
      list: [{ authorization: '[redacted]' }],
    });
  });
});
