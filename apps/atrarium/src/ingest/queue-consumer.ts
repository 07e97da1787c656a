// Queue consumer: stores what the dead-letter queue brings; otherwise applies the batch (posts
// together, the rest per author, every message acknowledged or retried on its own), then tells the
// receiver which events are done so its cursor may pass them.
import type { JetstreamEvent } from "../env.ts";
import type { Services } from "../services.ts";
import { applyByAuthor } from "./author-pool.ts";
import { emptyReport } from "./batch-report.ts";
import { DEAD_LETTER_QUEUE, storeDeadLetters } from "./dead-letters.ts";
import { applyPostBatch } from "./post-batch.ts";

const POST = "app.bsky.feed.post";

const isPost = (m: Message<JetstreamEvent>) =>
  m.body?.kind === "commit" && m.body.commit?.collection === POST;

export async function consumeBatch(
  batch: MessageBatch<JetstreamEvent>,
  services: Pick<Services, "stubs" | "ingest">,
): Promise<void> {
  if (batch.queue === DEAD_LETTER_QUEUE) return storeDeadLetters(batch, services.stubs);
  const report = emptyReport();
  await applyPostBatch(batch.messages.filter(isPost), services.ingest, report);
  await applyByAuthor(
    batch.messages.filter((m) => !isPost(m)),
    services.ingest,
    report,
  );
  await services.stubs.receiver().confirm(report);
}
