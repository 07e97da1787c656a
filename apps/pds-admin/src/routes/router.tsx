// The route table under /admin: overview, accounts (search and one account), reports, invite codes,
// audit log, scheduled jobs, labels, administrators (owner only). Signed out, the layout shows the
// sign-in form whatever the path, and keeps the path.
import { createRootRoute, createRoute, createRouter } from "@tanstack/react-router";
import { AccountPage } from "./AccountPage.tsx";
import { AccountsPage } from "./AccountsPage.tsx";
import { AdminsPage } from "./AdminsPage.tsx";
import { AuditLogPage } from "./AuditLogPage.tsx";
import { InvitesPage } from "./InvitesPage.tsx";
import { JobsPage } from "./JobsPage.tsx";
import { LabelsPage } from "./LabelsPage.tsx";
import { Layout } from "./Layout.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { OverviewPage } from "./OverviewPage.tsx";
import { ReportsPage } from "./ReportsPage.tsx";

const rootRoute = createRootRoute({ component: Layout, notFoundComponent: NotFoundPage });

const overviewRoute = createRoute({ getParentRoute: () => rootRoute, path: "/", component: OverviewPage });

const accountsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accounts",
  component: AccountsPage,
  validateSearch: (search: Record<string, unknown>): { q?: string } =>
    typeof search.q === "string" && search.q !== "" ? { q: search.q } : {},
});

const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accounts/$did",
  component: AccountPage,
});

export type ReportState = "open" | "resolved";
const reportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reports",
  component: ReportsPage,
  validateSearch: (search: Record<string, unknown>): { state?: ReportState; report?: number } => ({
    ...(search.state === "resolved" ? { state: "resolved" as const } : {}),
    ...(Number.isSafeInteger(Number(search.report)) && search.report !== undefined
      ? { report: Number(search.report) }
      : {}),
  }),
});

const invitesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invites",
  component: InvitesPage,
});

const auditRoute = createRoute({ getParentRoute: () => rootRoute, path: "/audit", component: AuditLogPage });

const jobsRoute = createRoute({ getParentRoute: () => rootRoute, path: "/jobs", component: JobsPage });

const labelsRoute = createRoute({ getParentRoute: () => rootRoute, path: "/labels", component: LabelsPage });

const adminsRoute = createRoute({ getParentRoute: () => rootRoute, path: "/admins", component: AdminsPage });

const routeTree = rootRoute.addChildren([
  overviewRoute,
  accountsRoute,
  accountRoute,
  reportsRoute,
  invitesRoute,
  auditRoute,
  jobsRoute,
  labelsRoute,
  adminsRoute,
]);

export const router = createRouter({ routeTree, basepath: "/admin", scrollRestoration: true });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
