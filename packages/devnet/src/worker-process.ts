// The Atrarium Worker under `wrangler dev` (its package's `dev` script: workerd with local Durable
// Objects and Queues), as a detached process group with its state in `persistTo`. Vars override wrangler.jsonc so the Worker
// points at this devnet's Jetstream and carries a DID for its fixed port.
import { packageScript } from "./package-script.ts";
import { type ComponentSpec, type RunningComponent, startComponent } from "./supervisor.ts";

export interface WorkerOptions {
  port: number;
  inspectorPort: number;
  persistTo: string;
  jetstreamUrl: string;
  // The PLC directory the Worker resolves callers' DIDs with.
  plcUrl?: string;
  // Where sign-ins resolve handles (com.atproto.identity.resolveHandle): the devnet's PDS.
  handleResolverUrl?: string;
  vars?: Record<string, string>;
}

export function workerSpec(opts: WorkerOptions): ComponentSpec {
  const vars: Record<string, string> = {
    SERVICE_DID: `did:web:localhost%3A${opts.port}`,
    PUBLIC_URL: `http://localhost:${opts.port}`,
    JETSTREAM_URL: opts.jetstreamUrl,
    START_CURSOR: "oldest",
    ...(opts.plcUrl ? { PLC_URL: opts.plcUrl } : {}),
    ...(opts.handleResolverUrl ? { HANDLE_RESOLVER_URL: opts.handleResolverUrl } : {}),
    ...opts.vars,
  };
  return {
    name: "Worker",
    ...packageScript("@atrarium/worker", "dev", [
      "--ip",
      "127.0.0.1",
      "--port",
      String(opts.port),
      "--inspector-port",
      String(opts.inspectorPort),
      "--persist-to",
      opts.persistTo,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ]),
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" },
    port: opts.port,
    healthUrl: `http://127.0.0.1:${opts.port}/xrpc/_health`,
  };
}

export function startWorker(opts: WorkerOptions): Promise<RunningComponent> {
  return startComponent(workerSpec(opts), 60_000);
}
