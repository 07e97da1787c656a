// `aurora-locus backup <dir>` and `aurora-locus restore <backupDir> <dataDir> [--force]` (also
// `npm run pds -- backup <dir>` from the repository root). Backup reads the same PDS_* environment as
// the server, so it finds the data directory and blob store the server uses.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { configFromEnv } from "../config.ts";
import { backupPds } from "./backup.ts";
import { ACCOUNT_DB } from "./layout.ts";
import { BackupError } from "./manifest.ts";
import { restorePds } from "./restore.ts";

const USAGE = `usage:
  aurora-locus backup <backupDir>                  online backup of the PDS named by PDS_* variables
  aurora-locus restore <backupDir> <dataDir> [--force]
                                                   restore into <dataDir> (--force: move a non-empty one aside)`;

export const isBackupCommand = (command: string | undefined) => command === "backup" || command === "restore";

// Under `npm run pds` the process runs from the repository root; paths typed by the operator are
// meant relative to where they typed them, which npm passes as INIT_CWD.
function resolveArg(p: string, env: NodeJS.ProcessEnv): string {
  const base = env.npm_lifecycle_event === "pds" && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return path.resolve(base, p);
}

/** Runs a backup or restore command; returns the exit code. */
export async function runBackupCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { command, dirs, force } = parsed;
  try {
    if (command === "backup" && dirs.length === 1) {
      // configFromEnv creates the data directory and its secrets when absent: a mistyped
      // PDS_DATA_DIRECTORY must not leave a fresh one behind, so it is checked first.
      const dataDir = path.resolve(env.PDS_DATA_DIRECTORY ?? ".data/pds");
      if (!existsSync(path.join(dataDir, ACCOUNT_DB))) {
        throw new BackupError(`${dataDir} holds no PDS data (set PDS_DATA_DIRECTORY as for the server)`);
      }
      const cfg = configFromEnv(env);
      const summary = await backupPds(cfg, resolveArg(dirs[0], env));
      process.stdout.write(`${JSON.stringify({ backup: resolveArg(dirs[0], env), ...summary })}\n`);
      return 0;
    }
    if (command === "restore" && dirs.length === 2) {
      const result = await restorePds(resolveArg(dirs[0], env), resolveArg(dirs[1], env), { force });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
  } catch (err) {
    // A refusal is one line; anything else (a full disk, a permission) keeps its stack for the report.
    const detail = err instanceof BackupError ? err.message : ((err as Error).stack ?? String(err));
    process.stderr.write(`${command} failed: ${detail}\n`);
    return 1;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

function parse(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: "boolean", default: false } },
  });
  const [command, ...dirs] = positionals;
  return { command, dirs, force: values.force };
}
