// The dashboard as a devnet component (`npm run serve -w @atrarium/dashboard`): builds it when stale,
// then serves it with a config pointing at the devnet. DASHBOARD_PORT (5173), DASHBOARD_BIND_HOST,
// DASHBOARD_WORKER_URL, DASHBOARD_PLC_URL, DASHBOARD_PDS_URL, and DASHBOARD_PUBLIC_URL (an https
// deployment's origin: serves client-metadata.json, the OAuth client's document; see docs/dashboard.md).
import { ensureDashboardBuilt } from "./build.ts";
import { startDashboardServer } from "./static-server.ts";

const buildStarted = Date.now();
if (await ensureDashboardBuilt()) process.stdout.write(`dashboard built (${Date.now() - buildStarted} ms)\n`);
const server = await startDashboardServer({
  port: Number(process.env.DASHBOARD_PORT ?? 5173),
  host: process.env.DASHBOARD_BIND_HOST ?? "127.0.0.1",
  publicUrl: process.env.DASHBOARD_PUBLIC_URL || undefined,
  config: {
    workerUrl: process.env.DASHBOARD_WORKER_URL ?? "http://localhost:8787",
    plcUrl: process.env.DASHBOARD_PLC_URL ?? "http://localhost:2582",
    handleResolverUrl: process.env.DASHBOARD_PDS_URL ?? "http://localhost:2583",
  },
});
process.stdout.write(`dashboard on ${server.url}\n`);
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    void server.close().then(() => process.exit(0));
  });
}
