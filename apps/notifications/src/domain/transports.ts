/** One e-mail, rendered. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Absent for a plain-text message. */
  html?: string;
}

/** Sends e-mail: SMTP, or the local outbox folder (`adapters/`). Rejects when the message was not accepted. */
export interface MailTransport {
  /** Where mail goes, for the start-up log line (never a password). */
  readonly describe: string;
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

export interface SmsMessage {
  to: string;
  text: string;
}

/** Sends SMS through a provider; the default writes to the log (`adapters/log-sms.provider.ts`). */
export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}

/** A rendered message of one template. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Renders the message templates (`templates/`); unknown templates throw. */
export interface MessageRenderer {
  /** The subject alone (it never depends on the recipient, so it is stored with the delivery). */
  subject(template: string, data: Record<string, unknown>): string;
  render(template: string, data: Record<string, unknown>): RenderedMessage;
}
