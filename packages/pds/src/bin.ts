#!/usr/bin/env node
// Starts Aurora Locus from PDS_* environment variables (see docs/configuration.md), or runs an
// operator command on its data: `backup <dir>`, `restore <backupDir> <dataDir> [--force]`.
import { isBackupCommand, runBackupCli } from "./backup/cli.ts";
import { createPds } from "./server.ts";

const args = process.argv.slice(2);
if (isBackupCommand(args[0])) {
  process.exitCode = await runBackupCli(args);
} else {
  const pds = await createPds();
  process.stdout.write(`Aurora Locus PDS listening on ${pds.url} (public ${pds.ctx.cfg.publicUrl})\n`);
  const stop = async () => {
    await pds.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
