import { ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError, type CircuitBreaker } from '@marquee/resilience';
import { z } from 'zod';
import type { KnownTicket, TicketSource } from '../domain/known-tickets.store';

/** The part of API.md's Ticket that payments needs. */
const ticketAnswerSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  amount: z.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.string().min(1),
});

/** Tickets said "no" (4xx other than 404): passed on to the caller as it is. */
class TicketsRefusal extends Error {
  constructor(readonly status: number) {
    super(`tickets answered ${status}`);
  }
}

export interface TicketsClientOptions {
  baseUrl: string;
  breaker: CircuitBreaker;
  logger: Logger;
}

/** Whether an error means tickets (or the way to it) is unwell, as opposed to it refusing us. */
export function isTicketsFailure(error: unknown): boolean {
  return !(error instanceof TicketsRefusal) && !(error instanceof AppError);
}

/**
 * GET /api/tickets/{id} on the tickets service with the caller's own token (tickets decides what
 * they may see), guarded by the breaker and its timeout. Unreachable, slow or failing → 503.
 */
export class TicketsClient implements TicketSource {
  constructor(private readonly options: TicketsClientOptions) {}

  async fetch(ticketId: string, bearerToken: string): Promise<KnownTicket | undefined> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/api/tickets/${encodeURIComponent(ticketId)}`;
    try {
      return await this.options.breaker.run(async (signal) => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${bearerToken}`, accept: 'application/json' }, signal });
        const text = await res.text();
        if (res.status === 404) return undefined;
        if (res.status === 401 || res.status === 403) throw new TicketsRefusal(res.status);
        if (!res.ok) throw new Error(`tickets answered ${res.status}`);
        const parsed = ticketAnswerSchema.safeParse(JSON.parse(text));
        if (!parsed.success) throw new AppError(ErrorCode.BAD_GATEWAY, 'The tickets service answered in an unexpected shape', { status: 502 });
        const t = parsed.data;
        return { ticket_id: t.id, user_id: t.user_id, amount: t.amount, currency: t.currency, status: t.status };
      });
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  private toAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof TicketsRefusal) {
      return error.status === 403 ? AppError.forbidden('This ticket is not yours') : AppError.unauthorized('The tickets service refused this token');
    }
    const retryAfter = (sec: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(sec))) });
    if (error instanceof CircuitOpenError) {
      return new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The tickets service is unavailable; try again shortly', { headers: retryAfter(error.retryAfterSec), cause: error });
    }
    const message = error instanceof CallTimeoutError ? `The tickets service did not answer within ${error.timeoutMs} ms` : 'The tickets service cannot be reached';
    this.options.logger.warn('tickets lookup failed', { error: error instanceof Error ? error.message : String(error) });
    return new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, message, { headers: retryAfter(Math.max(this.options.breaker.retryAfterSec(), 5)), cause: error });
  }
}
