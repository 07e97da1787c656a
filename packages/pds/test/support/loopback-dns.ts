// A DNS server on 127.0.0.1 (dns2, UDP) answering TXT records the test sets, NXDOMAIN for anything
// else: the PDS resolves handles through it with PDS_HANDLE_DNS_SERVERS (`handleDnsServers`), so
// tests go through real DNS queries and answers rather than a replaced resolver function.
import dns2 from "dns2";

export interface LoopbackDns {
  // `127.0.0.1:<port>`, for handleDnsServers.
  server: string;
  // Replaces the TXT records of a name (none: the name stops existing).
  setTxt: (name: string, records: string[]) => void;
  // Names asked for, in order (lower case).
  queries: string[];
  close: () => Promise<void>;
}

export async function startLoopbackDns(): Promise<LoopbackDns> {
  const records = new Map<string, string[]>();
  const queries: string[] = [];
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question?.name.toLowerCase() ?? "";
      queries.push(name);
      const txt = records.get(name);
      if (!txt) {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
      } else if (question?.type === Packet.TYPE.TXT) {
        for (const data of txt) {
          const answer = new Packet.Resource(question.name, Packet.TYPE.TXT, Packet.CLASS.IN, 1);
          answer.data = data;
          response.answers.push(answer);
        }
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  const port = addresses.udp?.port;
  if (!port) throw new Error("loopback DNS server did not listen");
  return {
    server: `127.0.0.1:${port}`,
    setTxt: (name, txt) => {
      if (txt.length === 0) records.delete(name.toLowerCase());
      else records.set(name.toLowerCase(), txt);
    },
    queries,
    close: () => server.close(),
  };
}
