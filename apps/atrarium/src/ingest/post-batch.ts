// Posts are the volume: a batch's posts are applied together, with a handful of Durable Object calls
// (apply-posts.ts). When that fails they are applied one at a time, in stream order, so one post that
// keeps failing goes back for a retry (and at last to the dead letters) alone, not with the posts
// that happened to share its batch.
import type { JetstreamEvent } from "../env.ts";
import { acked, type BatchReport, retried } from "./batch-report.ts";
import type { Ingest } from "./ingest.ts";

const byStreamTime = (a: Message<JetstreamEvent>, b: Message<JetstreamEvent>) =>
  (a.body?.time_us ?? 0) - (b.body?.time_us ?? 0);

export async function applyPostBatch(
  posts: Message<JetstreamEvent>[],
  ingest: Pick<Ingest, "applyPosts">,
  report: BatchReport,
): Promise<void> {
  if (posts.length === 0) return;
  try {
    await ingest.applyPosts(posts.map((m) => m.body));
    for (const m of posts) acked(report, m);
    return;
  } catch (err) {
    console.error(`post batch of ${posts.length} failed${posts.length > 1 ? "; one by one now" : ""}`, err);
    if (posts.length === 1) return retried(report, posts[0]);
  }
  for (const m of [...posts].sort(byStreamTime)) {
    try {
      await ingest.applyPosts([m.body]);
      acked(report, m);
    } catch (err) {
      console.error(`post ${m.body?.time_us} failed (attempt ${m.attempts})`, err);
      retried(report, m);
    }
  }
}
