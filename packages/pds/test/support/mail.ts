// Reading the PDS's mail in tests: a real SMTP server on a loopback port (smtp-server) for a PDS
// configured with PDS_EMAIL_SMTP_URL, and the dev mailer's outbox directory (.eml files) for one
// without. Messages are parsed with mailparser, as a mail client would.
import { readdir, readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

// The official token format: ten base32 characters as XXXXX-XXXXX.
const TOKEN = /\b[A-Z2-7]{5}-[A-Z2-7]{5}\b/;

export function tokenIn(mail: ParsedMail): string {
  const token = mail.text?.match(TOKEN)?.[0];
  if (!token) throw new Error(`no token in mail "${mail.subject}": ${mail.text}`);
  return token;
}

export function recipients(mail: ParsedMail): string[] {
  const to: AddressObject[] = mail.to === undefined ? [] : Array.isArray(mail.to) ? mail.to : [mail.to];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}

export interface SmtpSink {
  url: string;
  received: ParsedMail[];
  /** The next message to `to` not returned before, waiting for it up to `timeoutMs`. */
  nextTo(to: string, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  let notify = () => {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      // Accepted only once parsed: when the PDS's call returns, the message is here.
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          notify();
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async nextTo(to, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = received.find((m) => !taken.has(m) && recipients(m).includes(to.toLowerCase()));
        if (mail) {
          taken.add(mail);
          return mail;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          notify = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every message in a dev mailer outbox directory, oldest first (file names sort by time). */
export async function readOutbox(dir: string): Promise<{ file: string; mail: ParsedMail }[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".eml")).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      return { file, mail: await simpleParser(await readFile(file)) };
    }),
  );
}

/** The newest message to `to` in the outbox (the dev mailer writes it before the PDS answers). */
export async function lastOutboxMailTo(dir: string, to: string): Promise<ParsedMail> {
  const mail = (await readOutbox(dir)).findLast((m) => recipients(m.mail).includes(to.toLowerCase()));
  if (!mail) throw new Error(`no mail to ${to} in ${dir}`);
  return mail.mail;
}
