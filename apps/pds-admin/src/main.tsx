// Entry point: i18n, the data cache, the admin session, then the router (base path /admin).
// Styles: the base shared with the dashboard (@atrarium/web-ui), then the admin UI's own, which win.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "./i18n/i18n.tsx";
import { toAdminApiError } from "./lib/admin-api.ts";
import { AdminSessionProvider } from "./lib/admin-session.tsx";
import { router } from "./routes/router.tsx";
import "@atrarium/web-ui/base.css";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // Every read is an entry in the audit log: no refetch just because the tab got focus again.
      refetchOnWindowFocus: false,
      // A refusal or a missing account will not change by asking again; a network hiccup may.
      retry: (count, err) => {
        const { status } = toAdminApiError(err);
        return status >= 400 && status < 500 ? false : count < 2;
      },
    },
  },
});

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <AdminSessionProvider>
          <RouterProvider router={router} />
        </AdminSessionProvider>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
