// The Worker's OAuth pieces that need no network: which client it is from its vars, where a sign-in
// may return, the browser session tokens, and the sealing of stored sessions.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientMetadataOf } from "../src/oauth/client-metadata.ts";
import { mayReturnTo, OAUTH_SCOPE, type OAuthVars, readOAuthSettings } from "../src/oauth/oauth-settings.ts";
import { SealedBox } from "../src/oauth/sealed-box.ts";
import { mintSessionToken, parseSessionToken } from "../src/oauth/session-token.ts";

const clientKey = () => ({
  ...(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }) as object),
  kid: "k1",
});

function vars(publicUrl: string, values: Record<string, string> = {}): OAuthVars {
  return {
    publicUrl,
    plcUrl: "https://plc.directory",
    serviceDid: "did:web:atrarium.example.com",
    text: (name) => values[name],
    secret: (name) => values[name],
  };
}

const ok = (config: ReturnType<typeof readOAuthSettings>) => {
  if (!config.ok) throw new Error(config.problem);
  return config.settings;
};

describe("OAuth client settings", () => {
  it("is a confidential client with its metadata at its client_id on https", () => {
    const settings = ok(
      readOAuthSettings(
        vars("https://atrarium.example.com", {
          OAUTH_CLIENT_KEY: JSON.stringify(clientKey()),
          OAUTH_SESSION_KEY: "x".repeat(32),
        }),
      ),
    );
    expect(settings.mode).toBe("confidential");
    expect(settings.clientId).toBe("https://atrarium.example.com/oauth/client-metadata.json");
    expect(settings.allowHttp).toBe(false);
    const metadata = clientMetadataOf(settings);
    expect(metadata).toMatchObject({
      client_id: settings.clientId,
      redirect_uris: ["https://atrarium.example.com/oauth/callback"],
      token_endpoint_auth_method: "private_key_jwt",
      token_endpoint_auth_signing_alg: "ES256",
      jwks_uri: "https://atrarium.example.com/oauth/jwks.json",
      scope: OAUTH_SCOPE,
    });
  });

  it("is a loopback public client on http://localhost, redirecting to 127.0.0.1", () => {
    const settings = ok(readOAuthSettings(vars("http://localhost:8787")));
    expect(settings.mode).toBe("loopback");
    expect(settings.clientKey).toBeNull();
    expect(settings.redirectUri).toBe("http://127.0.0.1:8787/oauth/callback");
    const clientId = new URL(settings.clientId);
    expect(clientId.origin).toBe("http://localhost");
    expect(clientId.searchParams.get("redirect_uri")).toBe(settings.redirectUri);
    expect(clientId.searchParams.get("scope")).toBe(OAUTH_SCOPE);
    expect(clientMetadataOf(settings)).toMatchObject({ token_endpoint_auth_method: "none" });
  });

  it("names the missing or unusable secret on https", () => {
    const noKey = readOAuthSettings(vars("https://a.example.com", { OAUTH_SESSION_KEY: "x".repeat(32) }));
    expect(noKey).toEqual({ ok: false, problem: expect.stringMatching(/OAUTH_CLIENT_KEY/) });
    const shortSession = readOAuthSettings(
      vars("https://a.example.com", {
        OAUTH_CLIENT_KEY: JSON.stringify(clientKey()),
        OAUTH_SESSION_KEY: "short",
      }),
    );
    expect(shortSession).toEqual({ ok: false, problem: expect.stringMatching(/OAUTH_SESSION_KEY/) });
    const { kid: _kid, ...noKid } = clientKey();
    const withoutKid = readOAuthSettings(
      vars("https://a.example.com", {
        OAUTH_CLIENT_KEY: JSON.stringify(noKid),
        OAUTH_SESSION_KEY: "x".repeat(32),
      }),
    );
    expect(withoutKid).toEqual({ ok: false, problem: "OAUTH_CLIENT_KEY needs a kid" });
    const rsa = readOAuthSettings(
      vars("https://a.example.com", {
        OAUTH_CLIENT_KEY: '{"kty":"RSA","kid":"a"}',
        OAUTH_SESSION_KEY: "x".repeat(32),
      }),
    );
    expect(rsa.ok).toBe(false);
    expect(readOAuthSettings(vars("http://atrarium.example.com")).ok).toBe(false);
  });

  it("returns sign-ins only to its own origin, listed origins, and loopback pages in a devnet", () => {
    const https = ok(
      readOAuthSettings(
        vars("https://atrarium.example.com", {
          OAUTH_CLIENT_KEY: JSON.stringify(clientKey()),
          OAUTH_SESSION_KEY: "x".repeat(32),
          OAUTH_RETURN_ORIGINS: "https://dash.example.com, https://other.example.com/ignored/path",
        }),
      ),
    );
    expect(mayReturnTo(https, new URL("https://atrarium.example.com/x"))).toBe(true);
    expect(mayReturnTo(https, new URL("https://dash.example.com/c/1?x=1"))).toBe(true);
    expect(mayReturnTo(https, new URL("https://other.example.com/"))).toBe(true);
    expect(mayReturnTo(https, new URL("https://evil.example.com/"))).toBe(false);
    expect(mayReturnTo(https, new URL("http://127.0.0.1:5173/"))).toBe(false);
    expect(mayReturnTo(https, new URL("http://dash.example.com/"))).toBe(false);
    const devnet = ok(readOAuthSettings(vars("http://localhost:8787")));
    expect(mayReturnTo(devnet, new URL("http://127.0.0.1:5173/community/1"))).toBe(true);
    expect(mayReturnTo(devnet, new URL("http://localhost:5173/"))).toBe(true);
    expect(mayReturnTo(devnet, new URL("https://evil.example.com/"))).toBe(false);
  });
});

describe("session tokens", () => {
  it("name their DID and are checked by the hash of the whole token", async () => {
    const minted = await mintSessionToken("did:plc:abcdefghijklmnopqrstuvwx");
    expect(minted.token).toMatch(/^atrs_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await parseSessionToken(minted.token)).toEqual({ did: minted.did, hash: minted.hash });
    const other = await mintSessionToken(minted.did);
    expect(other.hash).not.toBe(minted.hash);
  });

  it("refuses malformed tokens", async () => {
    const { token } = await mintSessionToken("did:plc:abcdefghijklmnopqrstuvwx");
    for (const bad of [
      `${token}.x`,
      token.replace("atrs_", "atrx_"),
      token.slice(0, -2),
      `atrs_${btoa("not a did")}.${token.split(".")[1]}`,
      "atrs_",
      "atrs_.",
    ])
      expect(await parseSessionToken(bad)).toBeNull();
  });
});

describe("sealed sessions", () => {
  it("open only with their key and for their owner", async () => {
    const box = new SealedBox("k".repeat(32));
    const sealed = await box.seal({ refresh: "secret" }, "did:plc:a");
    expect(sealed).not.toContain("secret");
    expect(await box.open(sealed, "did:plc:a")).toEqual({ refresh: "secret" });
    expect(await box.open(sealed, "did:plc:b")).toBeUndefined();
    expect(await new SealedBox("j".repeat(32)).open(sealed, "did:plc:a")).toBeUndefined();
    const [iv, cipher] = sealed.split(".");
    const flipped = `${iv}.${cipher.slice(0, 5)}${cipher[5] === "A" ? "B" : "A"}${cipher.slice(6)}`;
    expect(await box.open(flipped, "did:plc:a")).toBeUndefined();
  });
});
