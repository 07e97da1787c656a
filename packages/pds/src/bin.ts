#!/usr/bin/env node
// Starts Aurora Locus from PDS_* environment variables (see docs/configuration.md).
import { createPds } from "./server.ts";

const pds = await createPds();
process.stdout.write(`Aurora Locus PDS listening on ${pds.url} (public ${pds.ctx.cfg.publicUrl})\n`);
const stop = async () => {
  await pds.close();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
