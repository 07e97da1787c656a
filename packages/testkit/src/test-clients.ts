// Ecosystem clients wired to a local devnet: AtpAgents for fresh accounts, and an identity resolver
// whose handle lookups go to our PDS's resolveHandle (never DNS or outside HTTPS).
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { HandleResolver, IdResolver } from "@atproto/identity";

export interface TestAccount {
  agent: AtpAgent;
  did: string;
  handle: string;
  password: string;
  email: string;
}

// `inviteCode` for a PDS that requires one.
export async function createTestAccount(
  pdsUrl: string,
  name?: string,
  opts: { inviteCode?: string } = {},
): Promise<TestAccount> {
  const slug = name ?? `u${randomBytes(5).toString("hex")}`;
  const handle = `${slug}.test`;
  const password = `pw-${randomBytes(6).toString("hex")}`;
  const email = `${slug}@example.test`;
  const agent = new AtpAgent({ service: pdsUrl });
  const res = await agent.createAccount({ handle, password, email, inviteCode: opts.inviteCode });
  return { agent, did: res.data.did, handle, password, email };
}

class LocalHandleResolver extends HandleResolver {
  private readonly pdsUrl: string;

  constructor(pdsUrl: string) {
    super();
    this.pdsUrl = pdsUrl;
  }

  override async resolve(handle: string): Promise<string | undefined> {
    const url = new URL("/xrpc/com.atproto.identity.resolveHandle", this.pdsUrl);
    url.searchParams.set("handle", handle);
    const res = await fetch(url);
    if (!res.ok) return undefined;
    return ((await res.json()) as { did?: string }).did;
  }
}

export function localIdResolver(plcUrl: string, pdsUrl: string): IdResolver {
  // The default fetch of @atproto/identity refuses loopback addresses (SSRF guard); the devnet lives there.
  const resolver = new IdResolver({ plcUrl, fetch: globalThis.fetch });
  resolver.handle = new LocalHandleResolver(pdsUrl);
  return resolver;
}
