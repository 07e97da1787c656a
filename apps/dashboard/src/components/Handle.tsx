// A DID shown as its handle (from its DID document), falling back to the DID itself.
import { useHandle } from "../lib/queries.ts";

export function Handle({ did }: { did: string }) {
  const handle = useHandle(did);
  return (
    <span className="handle" title={did}>
      {handle.data ? `@${handle.data}` : did}
    </span>
  );
}
