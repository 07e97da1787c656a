// Prometheus text: receiver connection and lag, stream position, queue and dead-letter counts, and
// the counters of skipped input (malformed, oversized, invalid records), and each trusted labeler's
// subscription. For the operator's scraper
// only: it needs `Authorization: Bearer <METRICS_TOKEN>` (a Worker secret). While METRICS_TOKEN is
// unset /metrics answers 404, as if it did not exist: a deployment that never configured a scraper
// exposes nothing and has no token to guess.
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { sameSecret } from "./same-secret.ts";

export const metrics = new Hono<AppEnv>().get("/metrics", async (c) => {
  const { settings, stubs } = c.var.services;
  const expected = settings.metricsToken;
  if (!expected) throw new XrpcError(404, "NotFound", "Not Found");
  const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization")?.trim() ?? "")?.[1];
  if (!presented || !(await sameSecret(presented, expected)))
    return c.json(
      { error: "AuthenticationRequired", message: "/metrics needs the operator's bearer token" },
      401,
      { "WWW-Authenticate": 'Bearer realm="metrics"' },
    );
  const s = await stubs.receiver().status();
  const lines: string[] = [];
  const gauge = (name: string, value: number | null, help: string) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value ?? "NaN"}`);
  };
  gauge("atrarium_receiver_connected", s.connected ? 1 : 0, "1 while the Jetstream WebSocket is open");
  gauge(
    "atrarium_receiver_disconnected_seconds",
    s.disconnectedForMs / 1000,
    "Seconds since the receiver lost its connection (0 if connected)",
  );
  gauge("atrarium_receiver_lag_seconds", s.lastEventLagMs / 1000, "Age of the last event when it arrived");
  gauge(
    "atrarium_receiver_last_event_age_seconds",
    s.lastEventAgeMs === null ? null : s.lastEventAgeMs / 1000,
    "Seconds since the last event arrived",
  );
  gauge("atrarium_receiver_cursor_us", s.cursor, "Saved Jetstream cursor (unix microseconds)");
  gauge(
    "atrarium_queue_inflight_events",
    s.inflight,
    "Events sent to the queue and not yet confirmed processed",
  );
  gauge("atrarium_dead_letters", s.deadLetters, "Events stored from the dead-letter queue");
  for (const [name, value] of Object.entries(s.counters).sort()) {
    lines.push(`# TYPE atrarium_${name} counter`, `atrarium_${name} ${value}`);
  }
  // Each trusted labeler's subscriber (labels/): connected, stream position, labels dropped as invalid.
  for (const did of settings.trustedLabelers) {
    const l = await stubs.labelSubscriber(did).status();
    const labeler = `{labeler="${did}"}`;
    lines.push(
      `atrarium_labeler_connected${labeler} ${l.connected ? 1 : 0}`,
      `atrarium_labeler_cursor${labeler} ${l.cursor}`,
      `atrarium_labeler_invalid_labels_total${labeler} ${l.invalid}`,
    );
  }
  return c.text(`${lines.join("\n")}\n`, 200, { "content-type": "text/plain; version=0.0.4" });
});
