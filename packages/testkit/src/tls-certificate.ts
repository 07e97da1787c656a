// A TLS certificate for a test host name, made with the openssl CLI in a temp dir: a throwaway CA (what
// a Node process trusts through NODE_EXTRA_CA_CERTS) and a leaf for the host signed by it (what the TLS
// edge serves). Chromium trusts the leaf by the hash of its public key (spkiHash, for
// --ignore-certificate-errors-spki-list), so no system trust store is touched.
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestCertificate {
  hostname: string;
  dir: string;
  // The CA as a PEM file (for NODE_EXTRA_CA_CERTS) and as text (for a client's `ca`).
  caPath: string;
  ca: string;
  // PEM of the leaf and of its private key, for the TLS server.
  cert: string;
  key: string;
  // base64 SHA-256 of the leaf's SubjectPublicKeyInfo (DER), as Chromium's SPKI list wants it.
  spkiHash: string;
  remove: () => void;
}

const OPENSSL = "/usr/bin/openssl";

// `hostname` may be a wildcard (`*.example.com`), covering every name one label below it.
export function makeTestCertificate(hostname: string): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), "tls-host-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) =>
    execFileSync(OPENSSL, args, { cwd: dir, stdio: "pipe", timeout: 20_000 });
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  try {
    const days = ["-days", "2"];
    openssl([
      "req",
      "-x509",
      ...ecKey,
      ...days,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-subj",
      `/CN=Test CA`,
    ]);
    openssl(["req", ...ecKey, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", `/CN=${hostname}`]);
    writeFileSync(
      file("leaf.ext"),
      [
        `subjectAltName=DNS:${hostname}`,
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature",
        "extendedKeyUsage=serverAuth",
      ].join("\n"),
    );
    const signedByCa = ["-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-extfile", "leaf.ext"];
    openssl(["x509", "-req", "-in", "leaf.csr", ...signedByCa, ...days, "-out", "leaf.pem"]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`openssl could not make a certificate for ${hostname}: ${stderr || err}`);
  }
  const cert = readFileSync(file("leaf.pem"), "utf8");
  const spki = new X509Certificate(cert).publicKey.export({ type: "spki", format: "der" });
  return {
    hostname,
    dir,
    caPath: file("ca.pem"),
    ca: readFileSync(file("ca.pem"), "utf8"),
    cert,
    key: readFileSync(file("leaf.key"), "utf8"),
    spkiHash: createHash("sha256").update(spki).digest("base64"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
