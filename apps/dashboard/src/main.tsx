// Entry point: take a Worker sign-in's answer off the address, load /config.json, then mount providers (config, i18n, data cache, session) and the router.
// Styles: the base shared with the admin UI (@atrarium/web-ui), then the dashboard's own, which win.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { loadConfig } from "./config.ts";
import { I18nProvider } from "./i18n/i18n.tsx";
import { ApiError } from "./lib/api.ts";
import { ConfigProvider } from "./lib/config-context.tsx";
import { SessionProvider } from "./lib/session.tsx";
import { takeWorkerReturn } from "./lib/worker-session.ts";
import { createAppRouter } from "./routes/router.tsx";
import "@atrarium/web-ui/base.css";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A missing community or a refusal will not change by asking again; an index being rebuilt will.
      retry: (count, err) =>
        err instanceof ApiError && err.status >= 400 && err.status < 500 ? false : count < 2,
    },
  },
});

// Before the router reads the address: a Worker session token must not stay in it.
const workerReturn = takeWorkerReturn(window.location, window.history, localStorage);
const router = createAppRouter();
const config = await loadConfig();
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <ConfigProvider config={config}>
      <I18nProvider>
        <QueryClientProvider client={queryClient}>
          <SessionProvider workerReturn={workerReturn}>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </I18nProvider>
    </ConfigProvider>
  </StrictMode>,
);
