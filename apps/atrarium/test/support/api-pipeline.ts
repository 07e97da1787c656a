// A private PLC + PDS + Jetstream and a Worker that knows the PLC, for the API tests. With
// `jetstream: false` the Worker's stream is a silent scripted Jetstream (the real one still answers
// listReposByCollection as its relay), so nothing reaches its index except through the API's sync
// hints or a rebuild.
import { type InProcessStack, startInProcessStack } from "@atrarium/devnet";
import { type FakeJetstream, fakeJetstream } from "./fake-jetstream.ts";
import { type PrivateWorker, privateWorker } from "./private-worker.ts";

export interface ApiPipeline {
  stack: InProcessStack;
  worker: PrivateWorker;
  url: string;
  // The Worker's service DID (aud of service JWTs).
  did: string;
  silent?: FakeJetstream;
  close: () => Promise<void>;
}

export const LAX_LIMITS = { API_RATE_LIMIT: "100000", FEED_RATE_LIMIT: "100000" };

export async function apiPipeline(
  opts: { jetstream?: boolean; vars?: Record<string, string> } = {},
): Promise<ApiPipeline> {
  const stack = await startInProcessStack({ jetstream: true });
  const silent = opts.jetstream === false ? await fakeJetstream() : undefined;
  const relay = (stack.jetstreamUrl as string).replace(/^ws/, "http");
  const vars = { PLC_URL: stack.plcUrl, RELAY_URL: relay, ...LAX_LIMITS, ...opts.vars };
  const worker = await privateWorker(silent?.url ?? (stack.jetstreamUrl as string), vars);
  const did = `did:web:localhost%3A${new URL(worker.url).port}`;
  return {
    stack,
    worker,
    url: worker.url,
    did,
    silent,
    close: async () => {
      await worker.stop();
      await silent?.close();
      await stack.close();
    },
  };
}
