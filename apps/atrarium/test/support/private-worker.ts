// A private pipeline for destructive tests: in-process PLC + PDS + Jetstream and the Worker under
// its own `wrangler dev` process group, on free ports, with its own persisted state. The Worker gets
// a METRICS_TOKEN of its own (unless the test sets one), which `metrics()` presents, and checks its
// API answers against the lexicons (VALIDATE_OUTPUTS). With `faults` it runs from the test entry
// whose ingest fails for POISONED_DID (faulty-worker.ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type InProcessStack,
  type RunningComponent,
  startComponent,
  startInProcessStack,
  workerSpec,
} from "@atrarium/devnet";
import { freePorts } from "@atrarium/testkit";

export interface PrivateWorker {
  url: string;
  // Where the Worker keeps its state (wrangler's --persist-to).
  persistTo: string;
  metricsToken: string;
  // The Prometheus text of /metrics.
  metrics: () => Promise<string>;
  // Fires the Worker's cron handler once (wrangler dev --test-scheduled) and waits for it.
  scheduled: () => Promise<void>;
  start: () => Promise<void>;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
}

const FAULTY_ENTRY = path.join(import.meta.dirname, "faulty-worker.ts");

export async function privateWorker(
  jetstreamUrl: string,
  vars: Record<string, string> = {},
  plcUrl?: string,
  opts: { faults?: boolean } = {},
): Promise<PrivateWorker> {
  const [port, inspectorPort] = await freePorts(2);
  const persistTo = mkdtempSync(path.join(tmpdir(), "atrarium-worker-"));
  let running: RunningComponent | null = null;
  const metricsToken = vars.METRICS_TOKEN ?? randomBytes(16).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const pw: PrivateWorker = {
    url,
    persistTo,
    metricsToken,
    metrics: async () => {
      const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
      return res.text();
    },
    scheduled: async () => {
      const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
      await res.text();
      if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
    },
    start: async () => {
      const spec = workerSpec({
        plcUrl,
        port,
        inspectorPort,
        persistTo,
        jetstreamUrl: jetstreamUrl.replace(/^http/, "ws"),
        vars: { METRICS_TOKEN: metricsToken, VALIDATE_OUTPUTS: "true", ...vars },
      });
      // `wrangler dev` runs the cron (`scheduled`: lifecycle sweep, receiver keep-alive) only when
      // asked: with --test-scheduled, a GET of /__scheduled fires it (`scheduled()`), so a test
      // decides when a tick happens. Private Workers only: the shared devnet's Worker keeps to HTTP.
      spec.args.splice(spec.args.indexOf("--") + 1, 0, "--test-scheduled");
      // `wrangler dev <script>`: the same wrangler.jsonc with another entry module. First after `--`:
      // after the `--var` options it would be read as one more var.
      if (opts.faults) spec.args.splice(spec.args.indexOf("--") + 1, 0, FAULTY_ENTRY);
      running = await startComponent(spec, 60_000);
    },
    kill: async () => {
      await running?.kill();
      running = null;
    },
    stop: async () => {
      await running?.stop();
      running = null;
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
  await pw.start();
  return pw;
}

export async function privatePipeline(
  vars: Record<string, string> = {},
): Promise<{ stack: InProcessStack; worker: PrivateWorker }> {
  const stack = await startInProcessStack({ jetstream: true });
  const worker = await privateWorker(stack.jetstreamUrl as string, vars, stack.plcUrl);
  return { stack, worker };
}
