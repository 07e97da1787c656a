// The route table: communities, sign-in (and its OAuth return), new community, one community (tab in the search string).
import { createRootRoute, createRoute, createRouter } from "@tanstack/react-router";
import { COMMUNITY_TABS, CommunityPage, type CommunityTab } from "./CommunityPage.tsx";
import { HomePage } from "./HomePage.tsx";
import { Layout } from "./Layout.tsx";
import { NewCommunityPage } from "./NewCommunityPage.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { OAuthCallbackPage } from "./OAuthCallbackPage.tsx";
import { SignInPage } from "./SignInPage.tsx";

const rootRoute = createRootRoute({ component: Layout, notFoundComponent: NotFoundPage });

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: "/", component: HomePage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  component: SignInPage,
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    // Only paths inside the app, never another origin.
    typeof search.redirect === "string" &&
    search.redirect.startsWith("/") &&
    !search.redirect.startsWith("//")
      ? { redirect: search.redirect }
      : {},
});

// The OAuth redirect URI (OAUTH_CALLBACK_PATH): the PDS sends the user back here.
const oauthCallbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/oauth/callback",
  component: OAuthCallbackPage,
});

const newCommunityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/communities/new",
  component: NewCommunityPage,
  // ?parent=<id>: start a theme inside that community.
  validateSearch: (search: Record<string, unknown>): { parent?: string } =>
    typeof search.parent === "string" && /^[0-9a-f]{8}$/.test(search.parent) ? { parent: search.parent } : {},
});

const communityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/communities/$id",
  component: CommunityPage,
  validateSearch: (search: Record<string, unknown>): { tab?: CommunityTab } =>
    COMMUNITY_TABS.includes(search.tab as CommunityTab) ? { tab: search.tab as CommunityTab } : {},
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  signInRoute,
  oauthCallbackRoute,
  newCommunityRoute,
  communityRoute,
]);

// Made by main.tsx once the Worker's answer is off the address (the router reads it when created).
export const createAppRouter = () => createRouter({ routeTree, scrollRestoration: true });

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
