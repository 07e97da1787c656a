#!/usr/bin/env node
// Starts the Jetstream-compatible service from JETSTREAM_* environment variables (see docs/configuration.md).
import { createJetstream } from "./server.ts";

const jetstream = await createJetstream();
process.stdout.write(
  `Jetstream listening on ws://127.0.0.1:${jetstream.port}/subscribe (upstreams ${jetstream.cfg.upstreams.join(", ")})\n`,
);
const stop = async () => {
  await jetstream.close();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
