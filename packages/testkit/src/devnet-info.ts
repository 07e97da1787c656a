// The URLs of the shared devnet that the Vitest globalSetup (`@atrarium/devnet`) starts once per run and
// provides to every test file; tests read them with `inject("devnet")`.
export interface DevnetInfo {
  plcUrl: string;
  pdsUrl: string;
  // http://127.0.0.1:PORT; the stream is at ws://127.0.0.1:PORT/subscribe.
  jetstreamUrl: string;
  // http://127.0.0.1:PORT of the Worker fed by that Jetstream; "" when left out.
  workerUrl: string;
  // Where the PDS's dev mailer writes each message (one .eml file per message): tests read mailed
  // tokens (email confirmation, password reset, account deletion, PLC operations) from here.
  pdsMailOutboxDir: string;
  // The PDS administrator's password (HTTP Basic `admin:<this>`), for tests of the admin API.
  pdsAdminPassword: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    devnet: DevnetInfo;
  }
}
