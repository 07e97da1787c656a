// Builds the admin web UI (vite build, a few seconds) when dist/ is missing or older than any of its
// sources, so the devnet and the browser tests always serve the current code, as the dashboard does
// (@atrarium/vite-build: concurrent callers serialise, the build lands in dist/ with a rename, so a
// PDS serving dist/ never sees half a build).
import path from "node:path";
import { distOf, ensureViteBuilt, type ViteApp, viteBuildIsCurrent } from "@atrarium/vite-build";

export const adminUiRoot = path.resolve(import.meta.dirname, "..");
const repoRoot = path.resolve(adminUiRoot, "../..");
const adminUi: ViteApp = {
  name: "admin UI",
  root: adminUiRoot,
  sources: [
    path.join(adminUiRoot, "src"),
    path.join(adminUiRoot, "index.html"),
    path.join(adminUiRoot, "vite.config.ts"),
    path.join(adminUiRoot, "package.json"),
    path.join(repoRoot, "packages/lexicon/src"),
    path.join(repoRoot, "packages/web-ui/src"),
    // The Prometheus text parser the Overview's live charts use.
    path.join(repoRoot, "packages/observability/src/prometheus-text.ts"),
  ],
};
// The directory the PDS serves by default (packages/pds/src/config.ts, PDS_ADMIN_UI_DIR).
export const adminUiDist = distOf(adminUi);

export const adminUiBuildIsCurrent = (): boolean => viteBuildIsCurrent(adminUi);

// Returns whether it built (false: dist was current).
export const ensureAdminUiBuilt = (): Promise<boolean> => ensureViteBuilt(adminUi);
