// Builds the admin web UI into dist/, which the PDS serves at /admin (packages/pds/src/admin-ui). The
// app calls the PDS it is served by, so the build holds no address. `npm run dev` proxies /xrpc (and
// /metrics, for the Overview's live charts) to a PDS on PDS_URL (the devnet's by default) so the dev
// server's pages can sign in.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/admin/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    host: "127.0.0.1",
    port: 5174,
    proxy: Object.fromEntries(
      ["/xrpc", "/metrics"].map((p) => [p, process.env.PDS_URL ?? "http://127.0.0.1:2583"]),
    ),
  },
});
