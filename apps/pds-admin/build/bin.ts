// `npm run build:stale -w @atrarium/pds-admin`: build the admin UI only if its sources changed (the
// devnet runs this before starting the PDS, which serves apps/pds-admin/dist at /admin).
import { ensureAdminUiBuilt } from "./ensure-built.ts";

const started = Date.now();
if (await ensureAdminUiBuilt()) process.stdout.write(`admin UI built (${Date.now() - started} ms)\n`);
