// Serves the built admin web UI (apps/pds-admin) at /admin and /admin/*: a file of the build when the
// path names one, else index.html so the single-page app's own routes survive a reload or a deep link.
// Vite names assets by content hash, so they are cached for good; index.html is revalidated every
// time so a new build is picked up at once. The directory is read per request (no cache of our own):
// rebuilding the UI needs no restart.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Hono } from "hono";

export const ADMIN_UI_BASE = "/admin";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

// The page holds the admin password: no framing by other sites, scripts and requests only from here.
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Admin UI not built</title></head>
<body>
<h1>The admin web UI is not built</h1>
<p>This PDS serves its admin web UI from a directory that has no <code>index.html</code>.
Build it with <code>npm run build -w @atrarium/pds-admin</code>, or point
<code>PDS_ADMIN_UI_DIR</code> at a built copy.</p>
<p>The admin XRPC methods work without it.</p>
</body></html>
`;

// Vite's output: assets/<name>-<hash>.<ext>.
const isHashedAsset = (relative: string) => relative.startsWith("assets/");

async function fileAt(file: string): Promise<Buffer | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch {
    return null;
  }
}

// The file a request path names inside root, or null when it would leave root (`..`, encoded
// slashes, NUL) or is not a plain relative path.
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function respond(body: Buffer | string, status: number, type: string, cache: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    status,
    headers: { "content-type": type, "cache-control": cache, ...SECURITY_HEADERS },
  });
}

export function adminUiRoutes(uiDir: string) {
  const root = path.resolve(uiDir);
  const app = new Hono();
  const serve = async (requestPath: string, method: string): Promise<Response> => {
    const index = await fileAt(path.join(root, "index.html"));
    if (!index) return respond(NOT_BUILT_PAGE, 404, CONTENT_TYPES[".html"], "no-store");
    const relative = requestPath.replace(/^\/+/, "");
    if (relative !== "" && relative !== "index.html") {
      const file = resolveInside(root, relative);
      if (!file) return respond("Bad path\n", 400, CONTENT_TYPES[".txt"], "no-store");
      const body = await fileAt(file);
      if (body) {
        const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
        const cache = isHashedAsset(relative) ? "public, max-age=31536000, immutable" : "no-cache";
        return respond(method === "HEAD" ? "" : body, 200, type, cache);
      }
      // A missing asset is a 404, not the app: a stale page asking for an old hash must fail visibly.
      if (isHashedAsset(relative) || path.extname(relative) !== "")
        return respond("Not found\n", 404, CONTENT_TYPES[".txt"], "no-store");
    }
    return respond(method === "HEAD" ? "" : index, 200, CONTENT_TYPES[".html"], "no-cache");
  };
  // /admin without the slash: the app's relative asset URLs need the trailing one.
  app.on(["GET", "HEAD"], ADMIN_UI_BASE, (c) => c.redirect(`${ADMIN_UI_BASE}/`, 301));
  app.on(["GET", "HEAD"], `${ADMIN_UI_BASE}/*`, (c) => {
    // The raw path (still percent-encoded): decoding is resolveInside's job, once.
    const raw = new URL(c.req.url).pathname.slice(ADMIN_UI_BASE.length);
    return serve(raw, c.req.method);
  });
  return app;
}
