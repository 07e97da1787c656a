// Outgoing mail. The official PDS mails one-time tokens (e.g. to confirm a PLC operation); this server
// often runs with no mail service at all (devnet, tests), so unless PDS_EMAIL_SMTP_URL is set the dev
// mailer stands in: it sends nothing, writes each message to the log and keeps the last ones in memory
// (readable by tests and by whoever runs the server). Anyone with access to the log can read the tokens.
import type { Logger } from "pino";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

export interface Mailer {
  send(msg: Omit<MailMessage, "sentAt">): Promise<void>;
}

const KEEP = 100;

export class DevMailer implements Mailer {
  readonly outbox: MailMessage[] = [];
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  async send(msg: Omit<MailMessage, "sentAt">): Promise<void> {
    const sent = { ...msg, sentAt: new Date().toISOString() };
    this.outbox.push(sent);
    if (this.outbox.length > KEEP) this.outbox.shift();
    this.logger.info({ mail: sent }, "dev mailer: no SMTP configured, message logged instead of sent");
  }

  /** The newest message to `to`, if any. */
  lastTo(to: string): MailMessage | undefined {
    return this.outbox.findLast((m) => m.to === to);
  }
}

export class SmtpMailer implements Mailer {
  private readonly url: string;
  private readonly from: string;
  private transport: Promise<{ sendMail(opts: Record<string, unknown>): Promise<unknown> }> | null = null;

  constructor(url: string, from: string) {
    this.url = url;
    this.from = from;
  }

  async send(msg: Omit<MailMessage, "sentAt">): Promise<void> {
    // Loaded on first use: a server without SMTP never pays for nodemailer.
    this.transport ??= import("nodemailer").then((m) => m.default.createTransport(this.url));
    await (await this.transport).sendMail({
      from: this.from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
    });
  }
}

export function createMailer(
  cfg: { emailSmtpUrl?: string; emailFromAddress: string },
  logger: Logger,
): Mailer {
  return cfg.emailSmtpUrl ? new SmtpMailer(cfg.emailSmtpUrl, cfg.emailFromAddress) : new DevMailer(logger);
}
