// Builds the dashboard (vite build, ~1-2 s) when dist/ is missing or older than any of its sources, so
// `npm start` and the browser tests always serve the current code (@atrarium/vite-build: concurrent
// callers serialise, the build lands in dist/ with a rename).
import path from "node:path";
import { distOf, ensureViteBuilt, type ViteApp, viteBuildIsCurrent } from "@atrarium/vite-build";

export const dashboardRoot = path.resolve(import.meta.dirname, "..");
const repoRoot = path.resolve(dashboardRoot, "../..");
const dashboard: ViteApp = {
  name: "dashboard",
  root: dashboardRoot,
  sources: [
    path.join(dashboardRoot, "src"),
    path.join(dashboardRoot, "public"),
    path.join(dashboardRoot, "index.html"),
    path.join(dashboardRoot, "vite.config.ts"),
    path.join(dashboardRoot, "package.json"),
    path.join(repoRoot, "packages/lexicon/src"),
    path.join(repoRoot, "packages/web-ui/src"),
  ],
};
export const dashboardDist = distOf(dashboard);

export const dashboardBuildIsCurrent = (): boolean => viteBuildIsCurrent(dashboard);

// Returns whether it built (false: dist was current).
export const ensureDashboardBuilt = (): Promise<boolean> => ensureViteBuilt(dashboard);
