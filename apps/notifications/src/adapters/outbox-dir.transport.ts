import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, MailTransport } from '../domain/transports';

/**
 * E-mail without an SMTP server: each message, built by nodemailer as a real MIME message, is
 * written as an `.eml` file into `dir` (any mail client opens it).
 */
export class OutboxDirTransport implements MailTransport {
  readonly describe: string;
  private readonly builder: Transporter;

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    this.describe = `the folder ${dir} (.eml files)`;
    this.builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.builder.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    await fs.mkdir(this.dir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
    const file = path.join(this.dir, name);
    // Written under a temporary name and renamed, so a reader never sees half a message.
    await fs.writeFile(`${file}.tmp`, info.message as Buffer);
    await fs.rename(`${file}.tmp`, file);
  }

  async close(): Promise<void> {
    this.builder.close();
  }
}
