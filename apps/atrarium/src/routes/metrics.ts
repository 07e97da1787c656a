// Prometheus text: receiver connection and lag, stream position, queue and dead-letter counts, and
// the counters of skipped input (malformed, oversized, invalid records).
import { Hono } from "hono";
import { type Env, receiverOf } from "../env.ts";

export const metrics = new Hono<{ Bindings: Env }>().get("/metrics", async (c) => {
  const s = await receiverOf(c.env).status();
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
  return c.text(`${lines.join("\n")}\n`, 200, { "content-type": "text/plain; version=0.0.4" });
});
