import type { Logger } from '@marquee/core';
import type { SmsMessage, SmsProvider } from '../domain/transports';

/** The default SMS provider: writes each message to the log (no SMS gateway on a laptop). */
export class LogSmsProvider implements SmsProvider {
  constructor(private readonly logger: Logger) {}

  async send(message: SmsMessage): Promise<void> {
    this.logger.info('sms sent (log provider)', { to: message.to, text: message.text });
  }
}
