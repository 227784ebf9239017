import { isoDateTimeSchema, pageSchema, paginationQuerySchema, ticketStatusSchema } from '@marquee/contracts';
import { z } from 'zod';
import { MAX_SEATS_PER_TICKET, type Ticket } from '../domain/ticket';

const uuid = () => z.uuid({ message: 'must be a UUID' });

const seatLabel = z
  .string({ message: 'must be a seat label such as "A5"' })
  .min(1, { message: 'must be a seat label such as "A5"' })
  .max(20, { message: 'must be a seat label such as "A5"' });

export const newTicketSchema = z
  .object({
    showtime_id: uuid(),
    seats: z
      .array(seatLabel, { message: `must be a list of 1 to ${MAX_SEATS_PER_TICKET} seat labels` })
      .min(1, { message: 'must name at least one seat' })
      .max(MAX_SEATS_PER_TICKET, { message: `must name at most ${MAX_SEATS_PER_TICKET} seats` })
      .refine((seats) => new Set(seats).size === seats.length, { message: 'must not name a seat twice' })
      .optional()
      .meta({ description: `1 to ${MAX_SEATS_PER_TICKET} distinct seat labels of the theater's layout (\`A5\`)` }),
    seat: seatLabel.optional().meta({ description: 'One seat, instead of `seats`' }),
  })
  .superRefine((body, ctx) => {
    if (body.seats === undefined && body.seat === undefined) ctx.addIssue({ code: 'custom', path: ['seats'], message: 'give seats or seat' });
    if (body.seats !== undefined && body.seat !== undefined) ctx.addIssue({ code: 'custom', path: ['seat'], message: 'give seats or seat, not both' });
  })
  .transform((body) => ({ showtime_id: body.showtime_id, seats: body.seats ?? [body.seat as string] }))
  .meta({ id: 'NewTicket', description: '`seats` or `seat`, not both' });

export const ticketSchema = z
  .object({
    id: z.uuid(),
    user_id: z.uuid(),
    showtime_id: z.uuid(),
    seats: z.array(z.string()),
    amount: z.number().meta({ description: 'Seats × the showtime price at reservation, in `currency`' }),
    currency: z.string(),
    status: ticketStatusSchema,
    expires_at: isoDateTimeSchema.meta({ description: 'When an unpaid hold lapses' }),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Ticket' });

export const ticketPageSchema = pageSchema(ticketSchema).meta({ id: 'TicketPage' });

export const idParamsSchema = z.object({ id: uuid() });
export const userParamsSchema = z.object({ user_id: uuid() });

export const ticketListQuerySchema = paginationQuerySchema.extend({
  user_id: uuid().optional().meta({ description: 'Someone else only for an admin (else 403)' }),
  showtime_id: uuid().optional(),
  status: ticketStatusSchema.optional(),
});

/** A ticket as clients see it. */
export function ticketBody(ticket: Ticket): z.input<typeof ticketSchema> {
  return {
    id: ticket.id,
    user_id: ticket.user_id,
    showtime_id: ticket.showtime_id,
    seats: ticket.seats,
    amount: ticket.amount,
    currency: ticket.currency,
    status: ticket.status,
    expires_at: ticket.expires_at.toISOString(),
    created_at: ticket.created_at.toISOString(),
  };
}
