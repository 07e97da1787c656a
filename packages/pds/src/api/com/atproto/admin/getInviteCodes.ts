// Every invite code of the server, paged: "recent" (newest first, the default) or "usage" (most used
// first). The cursor is the official one, `<primary>__<code>` with the creation time in epoch
// milliseconds or the use count, so a client can page across either implementation.
import type { InviteCodeKey, InviteCodeSort } from "../../../../account/invites.ts";
import { invalidRequest } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Params {
  sort?: string;
  limit?: number;
  cursor?: string;
}

const DEFAULT_LIMIT = 100;
const SORTS: readonly string[] = ["recent", "usage"] satisfies InviteCodeSort[];

export default method<Params>({
  nsid: "com.atproto.admin.getInviteCodes",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    const { sort = "recent", limit = DEFAULT_LIMIT, cursor } = params;
    if (!SORTS.includes(sort)) throw invalidRequest(`unknown sort method: ${sort}`);
    const by = sort as InviteCodeSort;
    const after = cursor === undefined ? undefined : parseCursor(by, cursor);
    const page = await ctx.invites.listCodes(by, after, limit);
    return { json: { codes: page.codes, cursor: page.last && packCursor(by, page.last) } };
  },
});

function packCursor(sort: InviteCodeSort, key: InviteCodeKey): string {
  const primary = sort === "recent" ? Date.parse(String(key.primary)) : key.primary;
  return `${primary}__${key.code}`;
}

function parseCursor(sort: InviteCodeSort, cursor: string): InviteCodeKey {
  const [primary, code, ...rest] = cursor.split("__");
  const n = Number.parseInt(primary ?? "", 10);
  if (!code || rest.length > 0 || !/^\d+$/.test(primary ?? "") || !Number.isSafeInteger(n))
    throw invalidRequest("Malformed cursor");
  if (sort === "usage") return { primary: n, code };
  const at = new Date(n);
  if (Number.isNaN(at.getTime())) throw invalidRequest("Malformed cursor");
  return { primary: at.toISOString(), code };
}
