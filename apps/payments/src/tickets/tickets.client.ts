import { AppError } from '@marquee/core';
import { UpstreamStatusError, type ServiceClient } from '@marquee/service';
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

/**
 * GET /api/tickets/{id} on the tickets service with the caller's own token (tickets decides what
 * they may see), through the shared service client: unreachable, slow or failing → 503.
 */
export class TicketsClient implements TicketSource {
  constructor(private readonly client: ServiceClient) {}

  async fetch(ticketId: string, bearerToken: string): Promise<KnownTicket | undefined> {
    try {
      const t = await this.client.get(`/api/tickets/${encodeURIComponent(ticketId)}`, ticketAnswerSchema, { token: bearerToken });
      if (t === null) return undefined;
      return { ticket_id: t.id, user_id: t.user_id, amount: t.amount, currency: t.currency, status: t.status };
    } catch (error) {
      // Tickets saying "not yours" or "bad token" is passed on as it is.
      if (error instanceof UpstreamStatusError && error.status === 403) throw AppError.forbidden('This ticket is not yours');
      if (error instanceof UpstreamStatusError && error.status === 401) throw AppError.unauthorized('The tickets service refused this token');
      throw this.client.toAppError(error);
    }
  }
}
