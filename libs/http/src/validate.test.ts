import { z } from 'zod';
import { toFieldErrors } from './validate';

describe('toFieldErrors', () => {
  it('names each field by its path into the request, and each unknown key', () => {
    const schema = z.object({ seats: z.array(z.string().min(2)), email: z.email() }).strict();
    const result = schema.safeParse({ seats: ['A1', 'B'], email: 'x', extra: true, other: 1 });
    expect(result.success).toBe(false);
    const errors = toFieldErrors('body', result.error?.issues ?? []);
    expect(errors.map((e) => e.field).sort()).toEqual(['body.email', 'body.extra', 'body.other', 'body.seats.1']);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });
});
