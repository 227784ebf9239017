import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, MailTransport } from '../domain/transports';

/** E-mail over SMTP (`SMTP_URL`) with nodemailer; a refusal or a timeout rejects the send. */
export class SmtpMailTransport implements MailTransport {
  readonly describe: string;
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const parsed = new URL(url);
    this.describe = `SMTP ${parsed.protocol}//${parsed.host}`;
    this.transporter = nodemailer.createTransport({
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
