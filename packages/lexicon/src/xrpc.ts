// The net.atrarium XRPC methods checked against their lexicons: a query string decoded by the
// parameter types the lexicon declares, then params, input and output validated by @atproto/lexicon
// (defaults applied) plus the rules lexicons cannot express. Runtime-neutral: the Worker validates
// requests with it, tests and dev builds validate answers.
import { ValidationError } from "@atproto/lexicon";
import type { AtrariumMethodMap, AtrariumMethodNsid } from "./generated/types.ts";
import type { FieldError, ValidationResult } from "./result.ts";
import { COMMUNITY_ID_PATTERN } from "./rules.ts";
import { atrariumLexicons, toFieldError } from "./schema.ts";

type Method<N extends AtrariumMethodNsid> = AtrariumMethodMap[N];
export type MethodParams<N extends AtrariumMethodNsid> = Method<N>["params"];
export type MethodInput<N extends AtrariumMethodNsid> = Method<N>["input"];
export type MethodOutput<N extends AtrariumMethodNsid> = Method<N>["output"];
// Validated params: the ones with a lexicon default are always there.
type Defaulted<N extends AtrariumMethodNsid> = Extract<Method<N>["defaults"], keyof MethodParams<N>>;
export type ValidParams<N extends AtrariumMethodNsid> = Omit<MethodParams<N>, Defaulted<N>> &
  Required<Pick<MethodParams<N>, Defaulted<N>>>;

interface ParamDef {
  type: string;
  items?: { type: string };
}

function paramDefs(nsid: AtrariumMethodNsid): Record<string, ParamDef> {
  const def = atrariumLexicons().getDefOrThrow(nsid, ["query", "procedure"]) as {
    parameters?: { properties?: Record<string, ParamDef> };
  };
  return def.parameters?.properties ?? {};
}

// A query string value as the lexicon type it declares. A value that is not one (limit=ten) is kept
// as the string, so validation names the parameter rather than the decoder guessing.
function decodeValue(type: string, raw: string): unknown {
  if (raw === "") return undefined;
  if (type === "integer") return /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/** Query-string pairs -> the method's params, typed as its lexicon declares; unknown names are dropped. */
export function decodeXrpcParams(
  nsid: AtrariumMethodNsid,
  query: Iterable<[string, string]>,
): Record<string, unknown> {
  const defs = paramDefs(nsid);
  const out: Record<string, unknown> = {};
  for (const [name, raw] of query) {
    const def = defs[name];
    if (!def) continue;
    if (def.type === "array") {
      const value = decodeValue(def.items?.type ?? "string", raw);
      if (value !== undefined) out[name] = [...((out[name] as unknown[] | undefined) ?? []), value];
    } else {
      // The first of repeated scalar values wins, as URLSearchParams.get would have it.
      if (!(name in out)) out[name] = decodeValue(def.type, raw);
    }
  }
  return out;
}

// What lexicons cannot say about method fields: every `community` names a community by its 8 hex digits.
function methodRules(value: Record<string, unknown>): FieldError[] {
  const { community } = value;
  if (typeof community === "string" && !COMMUNITY_ID_PATTERN.test(community))
    return [{ field: "community", message: "must be 8 lowercase hex digits" }];
  return [];
}

// @atproto/lexicon names a bad param by its bare name (`limit can not be less than 1`), but a missing
// one as `Params must have the property "community"`: both become the field's path.
function fieldErrorOf(err: ValidationError, isParams: boolean): FieldError {
  const named = isParams && !err.message.startsWith("Params");
  return toFieldError(named ? new Error(`Params/${err.message}`) : err);
}

function check<T>(run: () => unknown, opts: { rules: boolean; isParams?: boolean }): ValidationResult<T> {
  let value: unknown;
  try {
    value = run();
  } catch (err) {
    if (err instanceof ValidationError)
      return { ok: false, errors: [fieldErrorOf(err, opts.isParams ?? false)] };
    throw err;
  }
  const errors =
    opts.rules && value && typeof value === "object" ? methodRules(value as Record<string, unknown>) : [];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as T };
}

/** The method's params (decoded, see decodeXrpcParams) with lexicon defaults applied. */
export function validateXrpcParams<N extends AtrariumMethodNsid>(
  nsid: N,
  params: Record<string, unknown>,
): ValidationResult<ValidParams<N>> {
  return check(() => atrariumLexicons().assertValidXrpcParams(nsid, params) ?? {}, {
    rules: true,
    isParams: true,
  });
}

/** A procedure's JSON input. */
export function validateXrpcInput<N extends AtrariumMethodNsid>(
  nsid: N,
  input: unknown,
): ValidationResult<MethodInput<N>> {
  return check(() => atrariumLexicons().assertValidXrpcInput(nsid, input), { rules: true });
}

/** A method's JSON output, as the server answers it. */
export function validateXrpcOutput<N extends AtrariumMethodNsid>(
  nsid: N,
  output: unknown,
): ValidationResult<MethodOutput<N>> {
  return check(() => atrariumLexicons().assertValidXrpcOutput(nsid, output), { rules: false });
}
