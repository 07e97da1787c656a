// Queue consumer: applies each event (per-message ack, retry on failure), then tells the receiver
// which events are done so its cursor may pass them. The dead-letter queue's consumer stores what
// exhausted its retries, so nothing is dropped silently.
import { type Env, type JetstreamEvent, receiverOf } from "../env.ts";
import { applyEvent } from "./apply-event.ts";
import { applyPosts } from "./apply-posts.ts";

export const EVENTS_QUEUE = "atrarium-events";
export const DEAD_LETTER_QUEUE = "atrarium-events-dlq";
const CONCURRENCY = 8;
const POST = "app.bsky.feed.post";

export async function consumeBatch(batch: MessageBatch<JetstreamEvent>, env: Env): Promise<void> {
  const receiver = receiverOf(env);
  if (batch.queue === DEAD_LETTER_QUEUE) {
    await receiver.storeDeadLetters(batch.messages.map((m) => m.body));
    batch.ackAll();
    return;
  }
  const processed: number[] = [];
  let retried = 0;
  let invalid = 0;
  const poisoned = (m: Message<JetstreamEvent>) =>
    !!env.FAIL_EVENTS_FROM_DID && m.body?.did === env.FAIL_EVENTS_FROM_DID;
  for (const m of batch.messages.filter(poisoned)) {
    retried++;
    m.retry();
  }
  const messages = batch.messages.filter((m) => !poisoned(m));
  // Posts are the volume: they go through the batched path, all or nothing (every step is idempotent).
  const isPost = (m: Message<JetstreamEvent>) =>
    m.body?.kind === "commit" && m.body.commit?.collection === POST;
  const posts = messages.filter(isPost);
  if (posts.length > 0) {
    try {
      await applyPosts(
        env,
        posts.map((m) => m.body),
      );
      for (const m of posts) {
        processed.push(m.body.time_us);
        m.ack();
      }
    } catch (err) {
      console.error(`post batch of ${posts.length} failed`, err);
      retried += posts.length;
      for (const m of posts) m.retry();
    }
  }
  // One author's events run in stream order (an edit must see the placement its create made);
  // different authors run concurrently.
  const byAuthor = new Map<string, Message<JetstreamEvent>[]>();
  for (const msg of messages) {
    if (isPost(msg)) continue;
    const key = typeof msg.body?.did === "string" ? msg.body.did : "";
    byAuthor.set(key, [...(byAuthor.get(key) ?? []), msg]);
  }
  const groups = [...byAuthor.values()];
  const worker = async () => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      group.sort((a, b) => (a.body?.time_us ?? 0) - (b.body?.time_us ?? 0));
      for (const msg of group) {
        try {
          const outcome = await applyEvent(env, msg.body);
          if (outcome === "invalid") invalid++;
          processed.push(msg.body.time_us);
          msg.ack();
        } catch (err) {
          console.error(`event ${msg.body?.time_us} failed (attempt ${msg.attempts})`, err);
          retried++;
          msg.retry();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
  await receiver.confirm({ processed, retried, invalid });
}
