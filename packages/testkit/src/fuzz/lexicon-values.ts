// Inputs shaped by a lexicon but *nearly* valid: the right field names with wrong types, lengths or
// formats, values at and past their bounds, nulls, unicode, extra fields. Each schema node becomes an
// arbitrary that mostly follows it and sometimes swaps in junk (junk.ts).
import type { LexiconDoc } from "@atproto/lexicon";
import fc from "fast-check";
import { junkJson, junkString } from "./junk.ts";

type LexNode = { type: string } & Record<string, unknown>;

// Valid and almost-valid examples of each string format. A did:web names a closed loopback port and
// handles use the reserved .test/.invalid domains, so a server that resolves them looks nowhere real.
const formatSamples: Record<string, string[]> = {
  did: [
    "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa",
    "did:web:127.0.0.1%3A1",
    "did:plc:AAAA",
    "did:key:zQ3shfuzz",
    "did:x:y",
  ],
  handle: ["fuzz.test", "a.invalid", "-x-.test", "UPPER.TEST", "no-dot"],
  "at-identifier": ["did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "fuzz.test", "@fuzz.test"],
  "at-uri": [
    "at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3kabc",
    "at://fuzz.test",
    "at://did:plc:x/%2F/..",
    "at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/net.atrarium.community.config/self",
  ],
  nsid: ["app.bsky.feed.post", "a.b", "com.example.*", "net.atrarium.community.config"],
  cid: ["bafyreib2rxk3rybk3aobmv5cjuql3bm2twh4jo5uxgf5hmhsj5tqfq6w4e", "bafkqaaa", "Qm123", "b"],
  datetime: ["2026-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "0000-00-00T00:00:00.000Z", "yesterday"],
  tid: ["3kabcdefghij2", "3kabc", "zzzzzzzzzzzzz"],
  "record-key": ["self", "3kabcdefghij2", ".", "..", "a/b"],
  uri: ["https://fuzz.test/x", "http://127.0.0.1:1/", "javascript:alert(1)", "not a uri"],
  language: ["en", "zz-ZZZZ", "x"],
};

export interface LexiconValues {
  // A near-valid value for a schema node of the doc `docId`, nested up to `depth` refs deep.
  value: (node: LexNode, docId: string, depth?: number) => fc.Arbitrary<unknown>;
  // Query parameters for a method: its param names (plus extras) with near-valid values as strings.
  params: (nsid: string) => fc.Arbitrary<[string, string][]>;
  // A JSON body for a procedure, or undefined when its input is not JSON (binary methods).
  jsonBody: (nsid: string) => fc.Arbitrary<unknown> | undefined;
}

export function lexiconValues(docs: Iterable<LexiconDoc>): LexiconValues {
  const byId = new Map<string, LexiconDoc>();
  for (const doc of docs) byId.set(doc.id, doc);

  const resolve = (ref: string, docId: string): { node: LexNode; docId: string } | undefined => {
    const [id, name] = ref.startsWith("#") ? [docId, ref.slice(1)] : ref.replace(/^lex:/, "").split("#");
    const doc = byId.get(id || docId);
    const node = doc?.defs[name ?? "main"] as LexNode | undefined;
    return node && doc ? { node, docId: doc.id } : undefined;
  };

  const stringValue = (node: LexNode): fc.Arbitrary<string> => {
    const options: fc.Arbitrary<string>[] = [junkString];
    const samples = typeof node.format === "string" ? formatSamples[node.format] : undefined;
    if (samples) options.push(fc.constantFrom(...samples));
    if (Array.isArray(node.knownValues) && node.knownValues.length > 0)
      options.push(fc.constantFrom(...(node.knownValues as string[])));
    if (Array.isArray(node.enum) && node.enum.length > 0)
      options.push(fc.constantFrom(...(node.enum as string[])));
    const max = Number(node.maxLength ?? node.maxGraphemes ?? 0);
    // At and just past the length bound, in graphemes that are several bytes each.
    if (max > 0 && max < 100_000)
      options.push(fc.constantFrom("a".repeat(max), "a".repeat(max + 1), "é".repeat(max)));
    return fc.oneof(...options);
  };

  const integerValue = (node: LexNode): fc.Arbitrary<number> => {
    const edges = [0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1.5];
    if (typeof node.minimum === "number") edges.push(node.minimum, node.minimum - 1);
    if (typeof node.maximum === "number") edges.push(node.maximum, node.maximum + 1);
    return fc.oneof(fc.integer(), fc.constantFrom(...edges));
  };

  const nearValid = (node: LexNode, docId: string, depth: number): fc.Arbitrary<unknown> => {
    switch (node.type) {
      case "string":
        return stringValue(node);
      case "integer":
        return integerValue(node);
      case "boolean":
        return fc.boolean();
      case "array": {
        const items = node.items as LexNode | undefined;
        const max = Math.min(Number(node.maxLength ?? 5) + 1, 30);
        return items ? fc.array(value(items, docId, depth), { maxLength: max }) : fc.array(junkJson);
      }
      case "object":
      case "params": {
        const props = (node.properties ?? {}) as Record<string, LexNode>;
        const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, value(v, docId, depth)]));
        return fc
          .tuple(fc.record(model, { requiredKeys: [] }), fc.option(fc.tuple(junkString, junkJson)))
          .map(([obj, extra]) => (extra ? { ...obj, [extra[0]]: extra[1] } : obj));
      }
      case "ref": {
        const target = depth > 0 ? resolve(String(node.ref), docId) : undefined;
        return target ? value(target.node, target.docId, depth - 1) : junkJson;
      }
      case "union": {
        const refs = (node.refs ?? []) as string[];
        const targets = depth > 0 ? refs.flatMap((r) => resolve(r, docId) ?? []) : [];
        if (targets.length === 0) return junkJson;
        return fc.oneof(
          ...targets.map((t, i) =>
            value(t.node, t.docId, depth - 1).map((v) =>
              v && typeof v === "object" && !Array.isArray(v) ? { $type: refs[i], ...v } : v,
            ),
          ),
        );
      }
      case "record":
        return value(node.record as LexNode, docId, depth);
      case "blob":
        return fc.constantFrom(
          { $type: "blob", ref: { $link: formatSamples.cid?.[0] }, mimeType: "image/png", size: 10 },
          { $type: "blob", ref: "x", mimeType: 1, size: -1 },
        );
      case "cid-link":
        return fc.constantFrom({ $link: formatSamples.cid?.[0] }, { $link: "nope" }, "bafy");
      case "bytes":
        return fc.constantFrom({ $bytes: "AAAA" }, { $bytes: "!!" }, "AAAA");
      default:
        return junkJson;
    }
  };

  // Mostly the schema's shape, one time in five something else entirely.
  const value = (node: LexNode, docId: string, depth = 3): fc.Arbitrary<unknown> =>
    fc.oneof({ arbitrary: nearValid(node, docId, depth), weight: 4 }, { arbitrary: junkJson, weight: 1 });

  const mainDef = (nsid: string) => byId.get(nsid)?.defs.main as LexNode | undefined;

  const asParam = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));

  return {
    value,
    params: (nsid) => {
      const props = ((mainDef(nsid)?.parameters as LexNode | undefined)?.properties ?? {}) as Record<
        string,
        LexNode
      >;
      const entries = Object.entries(props).map(([name, node]) =>
        fc.option(
          value(node, nsid).map((v) =>
            (Array.isArray(v) ? v : [v]).map((x): [string, string] => [name, asParam(x)]),
          ),
        ),
      );
      const extra = fc.array(fc.tuple(junkString, junkString), { maxLength: 2 });
      return fc
        .tuple(fc.tuple(...entries), extra)
        .map(([lists, more]) => [...lists.flatMap((l) => l ?? []), ...more]);
    },
    jsonBody: (nsid) => {
      const input = mainDef(nsid)?.input as { encoding?: string; schema?: LexNode } | undefined;
      if (input?.encoding !== "application/json") return undefined;
      return input.schema ? value(input.schema, nsid) : junkJson;
    },
  };
}
