// The PLC HTTP API (as did-method-plc's server/routes.ts and the plc.directory OpenAPI spec) over a
// PlcStore, plus the operator's routes: /healthz, /readyz and /metrics (a bearer token, else loopback
// only). CORS is open on every route because browser apps resolve DIDs against it directly.
import {
  createLogger,
  healthRoutes,
  type Logger,
  metricsRoutes,
  observeRequests,
} from "@atrarium/observability";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import pkg from "../../package.json" with { type: "json" };
import { assertValidIncomingOp } from "../operations/constraints.ts";
import { formatDidDoc, opToData } from "../operations/document.ts";
import type { DocumentData } from "../operations/types.ts";
import { type PlcStore, toExportedOp } from "../store/plc-store.ts";
import { errorHandler, HttpError } from "./errors.ts";
import { parseExportQuery } from "./export-query.ts";
import { createPlcMetrics, type PlcMetrics, refusalReason } from "./plc-metrics.ts";
import { readJsonBody } from "./read-operation.ts";

// Generous next to the 4000-byte CBOR limit on operations (their JSON is larger), small enough that
// nobody streams megabytes at us.
const MAX_BODY_BYTES = 64 * 1024;

export interface PlcAppOptions {
  /** Default: warnings and errors on stdout. */
  logger?: Logger;
  /** Default: a registry of its own (the server passes the one its store reports to). */
  metrics?: PlcMetrics;
  /** PLC_METRICS_TOKEN; unset: /metrics answers loopback clients only. */
  metricsToken?: string;
  /** Requests slower than this are logged at `warn` (default 1000 ms). */
  slowRequestMs?: number;
}

export function createPlcApp(store: PlcStore, opts: PlcAppOptions = {}): Hono {
  const logger = opts.logger ?? createLogger({ name: "plc", level: "warn" });
  const metrics = opts.metrics ?? createPlcMetrics(() => store.didCount());
  // strict: false, so /:did/log/ answers like /:did/log, as upstream's express routing does.
  const app = new Hono({ strict: false });
  app.use("*", observeRequests({ logger, metrics: metrics.http, slowMs: opts.slowRequestMs }));
  app.use("*", cors());
  app.onError(errorHandler(logger));
  app.notFound((c) => c.json({ message: "Not Found" }, 404));

  // Current document data of a DID: 404 if never created, 410 once tombstoned (plc.directory's answer).
  const currentData = (did: string): DocumentData => {
    const last = store.lastOp(did);
    if (!last) throw new HttpError(404, `DID not registered: ${did}`);
    const data = opToData(did, last.operation);
    if (!data) throw new HttpError(410, `DID not available: ${did}`);
    return data;
  };

  app.get("/", (c) => c.text(`Atrarium did:plc directory ${pkg.version}. Resolve a DID at /<did>.\n`));

  app.get("/_health", (c) => {
    try {
      store.healthCheck();
    } catch {
      return c.json({ version: pkg.version, error: "Service Unavailable" }, 503);
    }
    return c.json({ version: pkg.version });
  });
  // Before /:did, which would otherwise take these paths for DIDs.
  app.route("/", healthRoutes({ checks: { db: () => store.healthCheck() }, logger }));
  app.route("/", metricsRoutes({ registry: metrics.registry, token: opts.metricsToken, service: "plc" }));

  // Every operation of every DID as JSON lines, oldest first, paged by `after` (a createdAt timestamp,
  // or a sequence number) and `count` (max 1000).
  app.get("/export", (c) => {
    const query = parseExportQuery(c.req.query("count"), c.req.query("after"));
    const ops =
      query.afterSeq !== undefined
        ? store.exportOpsBySeq(query.count, query.afterSeq)
        : store.exportOps(query.count, query.afterTime);
    c.header("content-type", "application/jsonlines");
    return c.body(ops.map((op) => JSON.stringify(op)).join("\n"));
  });

  app.get("/:did", (c) => {
    const doc = formatDidDoc(currentData(c.req.param("did")));
    c.header("content-type", "application/did+ld+json");
    return c.body(JSON.stringify(doc));
  });

  app.get("/:did/data", (c) => c.json(currentData(c.req.param("did"))));

  app.get("/:did/log", (c) => {
    const did = c.req.param("did");
    const log = store.ops(did);
    if (log.length === 0) throw new HttpError(404, `DID not registered: ${did}`);
    return c.json(log.map((op) => op.operation));
  });

  app.get("/:did/log/audit", (c) => {
    const did = c.req.param("did");
    const log = store.ops(did, { includeNullified: true });
    if (log.length === 0) throw new HttpError(404, `DID not registered: ${did}`);
    return c.json(log.map(toExportedOp));
  });

  app.get("/:did/log/last", (c) => {
    const did = c.req.param("did");
    const last = store.lastOp(did);
    if (!last) throw new HttpError(404, `DID not registered: ${did}`);
    return c.json(last.operation);
  });

  app.post(
    "/:did",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        metrics.operationRefused("too-large");
        // The rest of the body is never read: the connection cannot carry another request, and a
        // client that reused it would fail ("other side closed") on its next call.
        c.header("connection", "close");
        return c.json({ message: `Request body too large (max ${MAX_BODY_BYTES} bytes)` }, 413);
      },
    }),
    async (c) => {
      try {
        const op = assertValidIncomingOp(await readJsonBody(c));
        await store.appendOp(c.req.param("did"), op);
      } catch (err) {
        metrics.operationRefused(refusalReason(err));
        throw err;
      }
      metrics.operationAccepted();
      return c.text("OK");
    },
  );

  return app;
}
