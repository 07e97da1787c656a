// `npm start`: the whole stack offline, with demo data. Ctrl-C / SIGTERM stops every process.
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PASSWORD } from "./demo-data.ts";
import { startDevnet } from "./devnet.ts";

const { values } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    "data-dir": { type: "string" },
  },
});
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const dataDir = path.resolve(
  values["data-dir"] ?? process.env.DEVNET_DATA_DIR ?? path.join(repoRoot, ".data/devnet"),
);
const port = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

const out = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
try {
  const devnet = await startDevnet({
    dataDir,
    fresh: values.fresh,
    plcPort: port("DEVNET_PLC_PORT", 2582),
    pdsPort: port("DEVNET_PDS_PORT", 2583),
    onProgress: (l) => out(`... ${l}`),
  });
  for (const { name, url } of devnet.urls) out(`${name.padEnd(10)} ${url}`);
  out(`data       ${dataDir}`);
  out(`accounts   ${devnet.demo.accounts.map((a) => a.handle).join(", ")} (password: ${DEMO_PASSWORD})`);
  out(
    `community  ${devnet.demo.community.name} ${devnet.demo.community.hashtag} ${devnet.demo.community.uri}`,
  );
  out(`devnet ready in ${((Date.now() - started) / 1000).toFixed(1)}s (Ctrl-C to stop)`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    out("stopping devnet");
    await devnet.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (err) {
  process.stderr.write(`devnet failed to start: ${(err as Error).message}\n`);
  process.exit(1);
}
