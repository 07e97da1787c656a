// The Worker's production OAuth path on one machine: the Worker as an https confidential client at
// https://atrarium.internal:<port> (a .internal name: the OAuth provider refuses client ids on loopback,
// IP addresses and the .test/.local/.localhost/.invalid/.example names), which
// - browsers reach through a TLS edge on 127.0.0.1 (Chromium maps the name and trusts the certificate's key),
// - the PDS reaches through an egress proxy, as an operator's PDS reaches the internet: the PDS process runs
//   with NODE_USE_ENV_PROXY=1 and HTTPS_PROXY, and trusts the test CA with NODE_EXTRA_CA_CERTS.
// No name resolution is changed for any process. A private devnet (processes) and a private Worker.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Devnet, startDevnet } from "@atrarium/devnet";
import {
  type EgressProxy,
  freePorts,
  makeTestCertificate,
  startEgressProxy,
  type TestCertificate,
} from "@atrarium/testkit";
import { type PrivateWorker, privateWorker } from "../../apps/atrarium/test/support/private-worker.ts";
import type { LaunchOptions } from "./browser.ts";
import { startTlsEdge, type TlsEdge } from "./tls-edge.ts";

export const WORKER_HOST = "atrarium.internal";

export interface HttpsWorkerStack {
  devnet: Devnet;
  worker: PrivateWorker;
  // https://atrarium.internal:<port>: the Worker's PUBLIC_URL.
  publicUrl: string;
  edge: TlsEdge;
  egress: EgressProxy;
  certificate: TestCertificate;
  // For launchBrowser: resolve the host to the edge, trust its certificate.
  browserOptions: LaunchOptions;
  // Kills the Worker's process and starts it again on the same state (and port).
  restartWorker: () => Promise<void>;
  stop: () => Promise<void>;
}

// An ES256 private JWK with a kid, as the secret OAUTH_CLIENT_KEY holds it.
export function newClientKey(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return JSON.stringify({
    ...privateKey.export({ format: "jwk" }),
    kid: `test-${randomBytes(4).toString("hex")}`,
  });
}

export async function startHttpsWorkerStack(opts: { seed?: boolean } = {}): Promise<HttpsWorkerStack> {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse())
      await Promise.resolve()
        .then(cleanup)
        .catch(() => {});
  };
  try {
    const certificate = makeTestCertificate(WORKER_HOST);
    cleanups.push(certificate.remove);
    const [plc, pds, jetstream, tlsPort] = await freePorts(4);
    const publicHost = `${WORKER_HOST}:${tlsPort}`;
    const egress = await startEgressProxy({ [publicHost]: `127.0.0.1:${tlsPort}` });
    cleanups.push(egress.close);
    const dataDir = mkdtempSync(path.join(tmpdir(), "atrarium-https-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const devnet = await startDevnet({
      dataDir,
      seed: opts.seed ?? false,
      worker: false,
      ports: { plc, pds, jetstream },
      env: {
        PDS: {
          NODE_USE_ENV_PROXY: "1",
          HTTPS_PROXY: egress.url,
          // The PDS's own neighbours (PLC, Jetstream) are reached directly.
          NO_PROXY: "127.0.0.1,localhost",
          NODE_EXTRA_CA_CERTS: certificate.caPath,
        },
      },
    });
    cleanups.push(devnet.stop);
    const publicUrl = `https://${publicHost}`;
    const worker = await privateWorker(
      `http://127.0.0.1:${jetstream}`,
      {
        PUBLIC_URL: publicUrl,
        SERVICE_DID: `did:web:${WORKER_HOST}%3A${tlsPort}`,
        OAUTH_CLIENT_KEY: newClientKey(),
        OAUTH_SESSION_KEY: randomBytes(24).toString("base64url"),
        HANDLE_RESOLVER_URL: `http://127.0.0.1:${pds}`,
      },
      `http://127.0.0.1:${plc}`,
    );
    cleanups.push(worker.stop);
    const edge = await startTlsEdge({
      cert: certificate.cert,
      key: certificate.key,
      originPort: Number(new URL(worker.url).port),
      port: tlsPort,
    });
    cleanups.push(edge.close);
    return {
      devnet,
      worker,
      publicUrl,
      edge,
      egress,
      certificate,
      browserOptions: {
        hosts: { [WORKER_HOST]: "127.0.0.1" },
        args: [`--ignore-certificate-errors-spki-list=${certificate.spkiHash}`],
      },
      restartWorker: async () => {
        await worker.kill();
        await worker.start();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
