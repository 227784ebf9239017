import { randomUUID } from 'node:crypto';
import { cardDigits, summarise } from '../domain/card';
import type { CardProcessor, ChargeRequest, ChargeResult, RefundRequest } from '../domain/card-processor';

/** Stripe's test numbers that decline, with the decline code Stripe gives them. */
const DECLINES: Record<string, { code: string; message: string }> = {
  '4000000000000002': { code: 'card_declined', message: 'Your card was declined.' },
  '4000000000009995': { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
};

/**
 * A card processor that behaves like Stripe in test mode: 4242 4242 4242 4242 (and every other
 * valid number) succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 9995 lacks funds.
 * Nothing leaves the process; the number is looked at and forgotten.
 */
export class SimulatedCardProcessor implements CardProcessor {
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const card = summarise(request.card);
    const decline = DECLINES[cardDigits(request.card.number)];
    const reference = `ch_sim_${randomUUID().replace(/-/g, '')}`;
    if (decline) return { status: 'failed', reference, card, failure_code: decline.code, failure_message: decline.message };
    return { status: 'succeeded', reference, card };
  }

  async refund(_request: RefundRequest): Promise<{ reference: string }> {
    return { reference: `re_sim_${randomUUID().replace(/-/g, '')}` };
  }
}
