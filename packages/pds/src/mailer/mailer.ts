// Outgoing mail. The official PDS mails one-time tokens (confirm an address, change it, reset a
// password, delete the account, sign a PLC operation); this server often runs with no mail service at
// all (devnet, tests), so unless PDS_EMAIL_SMTP_URL is set the dev mailer stands in: it sends nothing,
// writes each message as an .eml file to the outbox directory (PDS_EMAIL_OUTBOX_DIRECTORY, by default
// <data dir>/mail-outbox), logs it and keeps the last ones in memory. Anyone who can read the log or
// the directory can read the tokens: this is for development, not for a server with real users.
import { randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
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

type Transport = { sendMail(opts: Record<string, unknown>): Promise<{ message?: unknown }> };

// Loaded on first use: a server that never mails never pays for nodemailer.
async function createTransport(options: string | Record<string, unknown>): Promise<Transport> {
  const nodemailer = await import("nodemailer");
  return nodemailer.default.createTransport(options as never) as unknown as Transport;
}

export class DevMailer implements Mailer {
  readonly outbox: MailMessage[] = [];
  readonly outboxDir: string;
  private readonly logger: Logger;
  private readonly from: string;
  // nodemailer's stream transport composes the message exactly as SMTP would carry it, without sending.
  private composer: Promise<Transport> | null = null;

  constructor(logger: Logger, outboxDir: string, from = "noreply@localhost") {
    this.logger = logger;
    this.outboxDir = outboxDir;
    this.from = from;
  }

  async send(msg: Omit<MailMessage, "sentAt">): Promise<void> {
    const sent = { ...msg, sentAt: new Date().toISOString() };
    this.outbox.push(sent);
    if (this.outbox.length > KEEP) this.outbox.shift();
    const file = await this.writeEml(sent);
    this.logger.info({ mail: sent, file }, "dev mailer: no SMTP configured, message written to the outbox");
  }

  /** The newest message to `to`, if any. */
  lastTo(to: string): MailMessage | undefined {
    return this.outbox.findLast((m) => m.to === to);
  }

  private async writeEml(msg: MailMessage): Promise<string> {
    this.composer ??= createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    const info = await (await this.composer).sendMail({
      from: this.from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      date: new Date(msg.sentAt),
    });
    await mkdir(this.outboxDir, { recursive: true });
    // Named to sort by time; written aside and renamed, so a reader never sees half a message.
    const name = `${msg.sentAt.replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
    const file = path.join(this.outboxDir, name);
    await writeFile(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    return file;
  }
}

export class SmtpMailer implements Mailer {
  private readonly url: string;
  private readonly from: string;
  private transport: Promise<Transport> | null = null;

  constructor(url: string, from: string) {
    this.url = url;
    this.from = from;
  }

  async send(msg: Omit<MailMessage, "sentAt">): Promise<void> {
    this.transport ??= createTransport(this.url);
    await (await this.transport).sendMail({
      from: this.from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
    });
  }
}

export function createMailer(
  cfg: { emailSmtpUrl?: string; emailFromAddress: string; emailOutboxDir: string },
  logger: Logger,
): Mailer {
  return cfg.emailSmtpUrl
    ? new SmtpMailer(cfg.emailSmtpUrl, cfg.emailFromAddress)
    : new DevMailer(logger, cfg.emailOutboxDir, cfg.emailFromAddress);
}
