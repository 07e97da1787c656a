// Builds the dashboard into dist/: a static site. Where its services are is read at run time from
// ./config.json (see src/config.ts), so one build serves the devnet, the tests and a deployment.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { host: "127.0.0.1", port: 5173 },
});
