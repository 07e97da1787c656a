// The administrator reads /metrics with the admin Basic credential (the admin UI's Overview charts),
// besides the operator rule, which is unchanged: with a metrics token configured and without one
// (loopback only, not through a proxy). A wrong admin credential is refused with 401 (even from
// loopback) and counted as a failed authentication; no read of /metrics lands in the audit log.
import { AtpAgent } from "@atproto/api";
import { PDS_LEXICON_DOCS, type PdsAdminListAuditLogOutput } from "@atrarium/lexicon";
import { parsePrometheusText, sampleValue } from "@atrarium/observability/prometheus-text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminAuth, basicAuth, type CallOptions } from "./support/admin-client.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const ADMIN_PASSWORD = "admin-metrics-password";
const TOKEN = "admin-metrics-token";
const PROXIED = { "x-forwarded-for": "203.0.113.7" };

const scrape = (pds: PrivatePds, headers: Record<string, string> = {}) =>
  fetch(`${pds.pdsUrl}/metrics`, { headers });

describe("/metrics for the administrator", () => {
  let withToken: PrivatePds;
  let loopbackOnly: PrivatePds;
  beforeAll(async () => {
    [withToken, loopbackOnly] = await Promise.all([
      startPrivatePds({ adminPassword: ADMIN_PASSWORD, metricsToken: TOKEN }),
      startPrivatePds({ adminPassword: ADMIN_PASSWORD }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([withToken?.close(), loopbackOnly?.close()]);
  });

  it("takes the admin credential, from anywhere, with or without a metrics token", async () => {
    for (const pds of [withToken, loopbackOnly]) {
      const res = await scrape(pds, { ...adminAuth(ADMIN_PASSWORD).headers, ...PROXIED });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const samples = parsePrometheusText(await res.text());
      expect(sampleValue(samples, "pds_commits_total")).toEqual(expect.any(Number));
    }
  });

  it("refuses a wrong admin credential with 401, even from loopback, and counts it", async () => {
    const failures = async () =>
      sampleValue(parsePrometheusText(await (await scrape(loopbackOnly)).text()), "pds_auth_failures_total", {
        reason: "bad-admin-credentials",
      }) ?? 0;
    const before = await failures();
    const wrong: CallOptions[] = [basicAuth("admin", "guess"), basicAuth("someone", ADMIN_PASSWORD)];
    for (const pds of [withToken, loopbackOnly]) {
      for (const { headers } of wrong) {
        const res = await scrape(pds, headers);
        expect(res.status, `${pds.pdsUrl} ${headers.authorization}`).toBe(401);
        // A Bearer challenge, never a Basic one: a browser would pop its own password dialog.
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="pds-metrics"');
        expect(await res.json()).toEqual({ error: "AuthenticationRequired", message: expect.any(String) });
      }
    }
    expect((await failures()) - before).toBe(2);
  });

  it("leaves the operator rule as it was", async () => {
    expect((await scrape(withToken, { authorization: `Bearer ${TOKEN}`, ...PROXIED })).status).toBe(200);
    expect((await scrape(withToken)).status).toBe(401);
    expect((await scrape(withToken, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await scrape(loopbackOnly)).status).toBe(200);
    const proxied = await scrape(loopbackOnly, PROXIED);
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toMatchObject({ error: "Forbidden" });
  });

  it("keeps reads of /metrics out of the admin audit log", async () => {
    const agent = new AtpAgent({ service: loopbackOnly.pdsUrl });
    for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);
    const newest = async () =>
      (
        (
          await agent.call(
            "net.atrarium.pds.admin.listAuditLog",
            { limit: 1 },
            undefined,
            adminAuth(ADMIN_PASSWORD),
          )
        ).data as PdsAdminListAuditLogOutput
      ).entries[0];
    const first = await newest();
    await scrape(loopbackOnly, adminAuth(ADMIN_PASSWORD).headers);
    await scrape(loopbackOnly, basicAuth("admin", "guess").headers);
    // The listing is recorded once answered: the newest entry now is the first listing, nothing after.
    const second = await newest();
    expect(second).toMatchObject({ nsid: "net.atrarium.pds.admin.listAuditLog", status: 200 });
    if (first) expect(second.id).toBeGreaterThan(first.id);
    const { entries } = (
      await agent.call(
        "net.atrarium.pds.admin.listAuditLog",
        { limit: 5 },
        undefined,
        adminAuth(ADMIN_PASSWORD),
      )
    ).data as PdsAdminListAuditLogOutput;
    expect(entries.every((e) => e.nsid === "net.atrarium.pds.admin.listAuditLog")).toBe(true);
  });
});
