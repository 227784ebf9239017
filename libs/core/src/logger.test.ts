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

describe('redact with errors', () => {
  it('keeps the message and stack of an Error, which JSON.stringify would drop', () => {
    const out = redact({ error: new Error('boom', { cause: new Error('root') }) }) as { error: Record<string, unknown> };
    expect(out.error.message).toBe('boom');
    expect(String(out.error.stack)).toContain('boom');
    expect((out.error.cause as Record<string, unknown>).message).toBe('root');
  });
});
