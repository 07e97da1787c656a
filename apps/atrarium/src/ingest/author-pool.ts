// Events other than posts (configs, memberships, moderation actions) one at a time: one author's in
// stream order (an edit must see the placement its create made), different authors concurrently.
// Each message is acknowledged or retried on its own.
import type { JetstreamEvent } from "../env.ts";
import { acked, type BatchReport, retried } from "./batch-report.ts";
import type { Ingest } from "./ingest.ts";

const CONCURRENCY = 8;

export async function applyByAuthor(
  messages: Message<JetstreamEvent>[],
  ingest: Pick<Ingest, "applyEvent">,
  report: BatchReport,
): Promise<void> {
  const byAuthor = new Map<string, Message<JetstreamEvent>[]>();
  for (const msg of messages) {
    const key = typeof msg.body?.did === "string" ? msg.body.did : "";
    byAuthor.set(key, [...(byAuthor.get(key) ?? []), msg]);
  }
  const groups = [...byAuthor.values()];
  const worker = async () => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      group.sort((a, b) => (a.body?.time_us ?? 0) - (b.body?.time_us ?? 0));
      for (const msg of group) {
        try {
          if ((await ingest.applyEvent(msg.body)) === "invalid") report.invalid++;
          acked(report, msg);
        } catch (err) {
          console.error(`event ${msg.body?.time_us} failed (attempt ${msg.attempts})`, err);
          retried(report, msg);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
}
