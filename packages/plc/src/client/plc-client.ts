// A small typed PLC client on fetch, for our PDS and tests. Method names follow @did-plc/lib's Client
// so it can stand in for it; that one is not reused because it drags in axios and its export() breaks
// on an empty page and on a one-line page (axios parses that as a JSON object, not lines).

import type { OpSigner } from "../operations/builders.ts";
import type {
  DidDocument,
  DocumentData,
  ExportedOp,
  Operation,
  OpOrTombstone,
  UnsignedOperation,
} from "../operations/types.ts";
import { didForGenesisOp, genesisOp, updateOp } from "./op-signing.ts";

export class PlcClientError extends Error {
  readonly status: number;
  /** The parsed JSON error body, when there was one (`{ message }` from a PLC server). */
  readonly data: unknown;

  constructor(status: number, data: unknown, message: string) {
    super(message);
    this.name = "PlcClientError";
    this.status = status;
    this.data = data;
  }
}

export interface PlcClientOptions {
  fetch?: typeof globalThis.fetch;
}

export class PlcClient {
  readonly url: string;
  readonly #fetch: typeof globalThis.fetch;

  constructor(url: string, opts: PlcClientOptions = {}) {
    this.url = url.replace(/\/+$/, "");
    this.#fetch = opts.fetch ?? globalThis.fetch;
  }

  async #request(path: string, init?: RequestInit): Promise<Response> {
    const res = await this.#fetch(`${this.url}${path}`, init);
    if (!res.ok) {
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {}
      const message = (data as { message?: unknown })?.message;
      throw new PlcClientError(
        res.status,
        data,
        typeof message === "string" ? message : `PLC request failed: ${res.status} ${path}`,
      );
    }
    return res;
  }

  async #getJson<T>(path: string): Promise<T> {
    return (await (await this.#request(path)).json()) as T;
  }

  getDocument(did: string): Promise<DidDocument> {
    return this.#getJson(`/${encodeURIComponent(did)}`);
  }

  getDocumentData(did: string): Promise<DocumentData> {
    return this.#getJson(`/${encodeURIComponent(did)}/data`);
  }

  getOperationLog(did: string): Promise<OpOrTombstone[]> {
    return this.#getJson(`/${encodeURIComponent(did)}/log`);
  }

  getAuditLog(did: string): Promise<ExportedOp[]> {
    return this.#getJson(`/${encodeURIComponent(did)}/log/audit`);
  }

  /** @did-plc/lib's name for getAuditLog. */
  getAuditableLog(did: string): Promise<ExportedOp[]> {
    return this.getAuditLog(did);
  }

  getLastOp(did: string): Promise<OpOrTombstone> {
    return this.#getJson(`/${encodeURIComponent(did)}/log/last`);
  }

  async sendOperation(did: string, op: OpOrTombstone): Promise<void> {
    const res = await this.#request(`/${encodeURIComponent(did)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(op),
    });
    await res.body?.cancel();
  }

  /** One page of /export; `after` is the createdAt of the last op of the previous page. */
  async export(after?: string, count?: number): Promise<ExportedOp[]> {
    const params = new URLSearchParams();
    if (after) params.set("after", after);
    if (count !== undefined) params.set("count", String(count));
    const query = params.size > 0 ? `?${params}` : "";
    const text = await (await this.#request(`/export${query}`)).text();
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as ExportedOp);
  }

  health(): Promise<{ version: string }> {
    return this.#getJson("/_health");
  }

  /** Signs and registers a genesis operation for an atproto account; returns the new DID. */
  async createDid(opts: {
    signingKey: string;
    handle: string;
    pds: string;
    rotationKeys: string[];
    signer: OpSigner;
  }): Promise<string> {
    const op = await genesisOp(opts, opts.signer);
    const did = didForGenesisOp(op);
    await this.sendOperation(did, op);
    return did;
  }

  /** Applies `fn` to the DID's current data and submits the result, signed by a rotation key. */
  async updateData(
    did: string,
    signer: OpSigner,
    fn: (current: Omit<UnsignedOperation, "prev">) => Omit<UnsignedOperation, "prev">,
  ): Promise<Operation> {
    const last = await this.getLastOp(did);
    if (last.type === "plc_tombstone") throw new PlcClientError(410, null, `DID not available: ${did}`);
    const op = await updateOp(last, signer, fn);
    await this.sendOperation(did, op);
    return op;
  }
}
