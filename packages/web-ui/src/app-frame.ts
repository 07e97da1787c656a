// The frame every page of our web apps stands in: a skip link, the header (brand, navigation, and the
// controls at its end) and the main region the skip link jumps to. The brand link is passed in, built
// with the app's router; BrandMark draws its icon. Written without JSX, as i18n.ts is.
import { createElement, Fragment, type ReactNode } from "react";

export interface AppFrameProps {
  // "Skip to content", in the current language.
  skipLabel: string;
  brand: ReactNode;
  nav: ReactNode;
  headerEnd: ReactNode;
  children: ReactNode;
}

export function AppFrame({ skipLabel, brand, nav, headerEnd, children }: AppFrameProps) {
  return createElement(
    Fragment,
    null,
    createElement("a", { className: "skip-link", href: "#main" }, skipLabel),
    createElement(
      "header",
      { className: "app-header" },
      brand,
      nav,
      createElement("div", { className: "header-end" }, headerEnd),
    ),
    // Focusable so that the skip link moves the keyboard focus, not only the scroll position.
    createElement("main", { id: "main", tabIndex: -1 }, children),
  );
}

// The app's icon beside its name: one SVG path in a 24×24 box, coloured by base.css (.brand-mark).
export function BrandMark({ path }: { path: string }) {
  return createElement(
    "svg",
    { className: "brand-mark", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" },
    createElement("path", { d: path }),
  );
}
