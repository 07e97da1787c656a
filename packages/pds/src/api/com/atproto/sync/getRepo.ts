// The whole repo (or the blocks added after `since`) as a CAR rooted at the head commit, streamed from
// one snapshot of the actor store: a large repo is never held in memory.
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; since?: string }>({
  nsid: "com.atproto.sync.getRepo",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    const car = await ctx.actors.get(params.did).repo.exportCar({ since: params.since || undefined });
    // Pulled one piece at a time, so the client's pace sets ours; a cancelled download returns the
    // iterator, which closes the export's snapshot. (Not ReadableStream.from: Workers' web types,
    // which the bench's type-check also applies here, lack it.)
    const pieces = car[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await pieces.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await pieces.return?.();
      },
    });
    return { response: new Response(body, { headers: { "content-type": "application/vnd.ipld.car" } }) };
  },
});
