export { type BackupSummary, backupPds } from "./backup/backup.ts";
export { BackupError, type BackupManifest } from "./backup/manifest.ts";
export { type RestoreResult, restorePds, verifyBackup } from "./backup/restore.ts";
export type { Clock } from "./clock.ts";
export { configFromEnv, type PdsConfig } from "./config.ts";
export type { AppContext } from "./context.ts";
export { createPds, type Pds } from "./server.ts";
