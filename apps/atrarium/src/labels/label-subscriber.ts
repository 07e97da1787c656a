// Follows one trusted labeler (a Durable Object per labeler DID): its com.atproto.label.subscribeLabels
// stream from the last applied seq (0 at first: its whole history), each label checked against the
// labeler's #atproto_label key and dropped unless signed by it and sourced from it. The latest label
// per key is stored; when the hiding ones (HIDDEN_LABEL_VALUES) change, the new set is pushed to every
// registered community (labels are rare, feed reads are not: communities filter locally), again when
// one lapses (exp), and every RESYNC_MS in case a push was lost. Kept alive by an alarm watchdog that
// reconnects with backoff, like the Jetstream receiver.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { servicesOf } from "../services.ts";
import { all, migrate } from "../shared/sql.ts";
import { decodeLabelFrame, type WireLabel } from "./label-frames.ts";
import {
  entryOf,
  type HidingLabel,
  hidingLabels,
  type LabelEntry,
  nextExpiry,
  supersedes,
} from "./label-state.ts";
import { type Labeler, labelerFromDocument, subscribeLabelsUrl } from "./labeler-identity.ts";
import { labelSignatureValid } from "./verify-label.ts";

const WATCHDOG_MS = 5_000;
const MAX_BACKOFF_MS = 60_000;
const RESYNC_MS = 10 * 60_000;
const PUSH_DELAY_MS = 50;
const KEY_REREAD_MS = 60_000;

const MIGRATIONS = [
  `CREATE TABLE label (
     uri TEXT NOT NULL, cid TEXT NOT NULL, val TEXT NOT NULL, neg INTEGER NOT NULL, cts TEXT NOT NULL,
     exp INTEGER, PRIMARY KEY (uri, cid, val)
   );
   CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

export interface LabelSnapshot {
  // The labeler's stream position the set is as of: communities ignore an older one.
  version: number;
  hides: HidingLabel[];
}

export class LabelSubscriber extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private socket: WebSocket | null = null;
  private connecting = false;
  private backoffMs = 500;
  private nextAttempt = 0;
  private labeler: Labeler | null = null;
  private keyReadAt = 0;
  // Frames are applied one at a time, in order (signature checks are async).
  private applying: Promise<void> = Promise.resolve();
  private pushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, MIGRATIONS);
  }

  async ensureRunning(did: string): Promise<void> {
    if (this.get("did") !== did) this.set("did", did);
    if ((await this.ctx.storage.getAlarm()) === null)
      await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_MS);
    if (!this.socket && !this.connecting && Date.now() >= this.nextAttempt) await this.openStream();
  }

  async alarm(): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_MS);
    if (!this.socket && !this.connecting && Date.now() >= this.nextAttempt) await this.openStream();
    const now = Date.now();
    const expiry = nextExpiry(this.entries(), this.hiddenValues(), Number(this.get("pushed_at") ?? 0));
    const due =
      this.get("push_pending") === "1" ||
      now - Number(this.get("pushed_at") ?? 0) > RESYNC_MS ||
      (expiry !== null && expiry <= now);
    if (due) await this.pushToCommunities();
  }

  /** The hiding labels in force now (a community pulls them once, when its config first arrives). */
  snapshot(): LabelSnapshot {
    return {
      version: Number(this.get("version") ?? 0),
      hides: hidingLabels(this.entries(), this.hiddenValues(), Date.now()),
    };
  }

  status() {
    return {
      connected: this.socket !== null,
      cursor: Number(this.get("cursor") ?? 0),
      labels: this.entries().length,
      invalid: Number(this.get("invalid_total") ?? 0),
    };
  }

  private hiddenValues(): Set<string> {
    return new Set(servicesOf(this.env).settings.hiddenLabelValues);
  }

  private async openStream(): Promise<void> {
    const did = this.get("did");
    if (!did) return;
    this.connecting = true;
    try {
      this.labeler = labelerFromDocument(did, await servicesOf(this.env).resolver.document(did));
      this.keyReadAt = Date.now();
      const socket = new WebSocket(
        subscribeLabelsUrl(this.labeler.endpoint, Number(this.get("cursor") ?? 0)),
      );
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener("open", () => resolve(), { once: true });
        socket.addEventListener("error", () => reject(new Error("websocket error")), { once: true });
        socket.addEventListener("close", () => reject(new Error("websocket closed")), { once: true });
      });
      socket.addEventListener("message", (e) => {
        this.applying = this.applying
          .then(() => this.onFrame(e.data))
          .catch((err) => console.error("label frame", err));
      });
      socket.addEventListener("close", () => this.onDisconnect(socket));
      socket.addEventListener("error", () => this.onDisconnect(socket));
      this.socket = socket;
      this.backoffMs = 500;
    } catch (err) {
      console.warn(`labeler ${did}: could not subscribe: ${(err as Error).message}`);
      this.nextAttempt = Date.now() + this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    } finally {
      this.connecting = false;
    }
  }

  private onDisconnect(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    // The watchdog alarm reconnects, with backoff if the labeler stays away.
    this.nextAttempt = Date.now() + this.backoffMs;
  }

  private async onFrame(data: unknown): Promise<void> {
    if (!this.labeler) return;
    // workerd hands binary messages over as ArrayBuffer; a Blob is read just in case.
    const bytes = data instanceof ArrayBuffer ? data : data instanceof Blob ? await data.arrayBuffer() : null;
    if (!bytes) return;
    const frame = decodeLabelFrame(new Uint8Array(bytes));
    if (frame.kind === "error") {
      // FutureCursor: the labeler's stream restarted below our cursor; read it again from the start.
      console.warn(`labeler ${this.labeler.did}: ${frame.error} ${frame.message ?? ""}`);
      if (frame.error === "FutureCursor") this.set("cursor", "0");
      this.socket?.close(1000, frame.error);
      return;
    }
    if (frame.kind !== "labels") return;
    let changed = false;
    for (const label of frame.labels)
      if (await this.accept(label)) changed = this.store(entryOf(label)) || changed;
    this.set("cursor", String(frame.seq));
    if (changed) {
      // The snapshot's version only grows, whatever the labeler's seq does: after a FutureCursor the
      // stream is read again from 0, and communities must not take the newer set for a stale one.
      this.set("version", String(Math.max(Number(this.get("version") ?? 0) + 1, Date.now())));
      this.pushSoon();
    }
  }

  // A replay brings many frames at once: one push for the burst. Stored as pending first, so a push
  // lost with an evicted object is made by the watchdog.
  private pushSoon(): void {
    this.set("push_pending", "1");
    this.pushTimer ??= setTimeout(() => {
      this.pushTimer = null;
      this.ctx.waitUntil(this.applying.then(() => this.pushToCommunities()));
    }, PUSH_DELAY_MS);
  }

  // Only the labeler's own labels, signed with its current #atproto_label key. A bad signature makes
  // the document be read again (at most once a minute), in case the labeler rotated its key.
  private async accept(label: WireLabel): Promise<boolean> {
    const labeler = this.labeler as Labeler;
    if (label.src !== labeler.did) return this.invalid();
    if (await labelSignatureValid(label, labeler.signingKey)) return true;
    if (Date.now() - this.keyReadAt < KEY_REREAD_MS) return this.invalid();
    this.keyReadAt = Date.now();
    try {
      this.labeler = labelerFromDocument(
        labeler.did,
        await servicesOf(this.env).resolver.document(labeler.did),
      );
    } catch {
      return this.invalid();
    }
    return (await labelSignatureValid(label, this.labeler.signingKey)) || this.invalid();
  }

  private invalid(): false {
    this.set("invalid_total", String(Number(this.get("invalid_total") ?? 0) + 1));
    return false;
  }

  // Stores the label if it is the latest of its key; true when a hiding value changed state.
  private store(entry: LabelEntry): boolean {
    const stored = this.entries(entry).at(0);
    if (!supersedes(entry, stored)) return false;
    this.sql.exec(
      "INSERT OR REPLACE INTO label (uri, cid, val, neg, cts, exp) VALUES (?, ?, ?, ?, ?, ?)",
      entry.uri,
      entry.cid,
      entry.val,
      entry.neg ? 1 : 0,
      entry.cts,
      entry.exp,
    );
    return this.hiddenValues().has(entry.val);
  }

  // Pushes the current set to every community; a failed push is retried by the watchdog.
  private async pushToCommunities(): Promise<void> {
    const { stubs } = servicesOf(this.env);
    const did = this.get("did") as string;
    const snapshot = this.snapshot();
    const communities = await stubs.registry().list();
    const results = await Promise.allSettled(
      communities.map((c) => stubs.community(c.id).setLabelHides(did, snapshot.version, snapshot.hides)),
    );
    if (results.every((r) => r.status === "fulfilled")) {
      this.set("push_pending", "0");
      this.set("pushed_at", String(Date.now()));
    } else console.error(`labeler ${did}: pushing labels to a community failed; retrying`);
  }

  private entries(key?: { uri: string; cid: string; val: string }): LabelEntry[] {
    const rows = key
      ? all<Row>(
          this.sql,
          "SELECT * FROM label WHERE uri = ? AND cid = ? AND val = ?",
          key.uri,
          key.cid,
          key.val,
        )
      : all<Row>(this.sql, "SELECT * FROM label");
    return rows.map((r) => ({
      uri: r.uri,
      cid: r.cid,
      val: r.val,
      neg: r.neg === 1,
      cts: r.cts,
      exp: r.exp,
    }));
  }

  private get(key: string): string | undefined {
    return all<{ value: string }>(this.sql, "SELECT value FROM state WHERE key = ?", key)[0]?.value;
  }

  private set(key: string, value: string): void {
    this.sql.exec("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", key, value);
  }
}

interface Row {
  uri: string;
  cid: string;
  val: string;
  neg: number;
  cts: string;
  exp: number | null;
}
