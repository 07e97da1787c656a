// An account named by DID: its @handle linking to its page when this PDS hosts it, the DID under it.
import { Link } from "@tanstack/react-router";

export function AccountLink({ did, handle }: { did: string; handle?: string }) {
  if (!handle)
    return (
      <Link to="/accounts/$did" params={{ did }} className="did">
        {did}
      </Link>
    );
  return (
    <>
      <Link to="/accounts/$did" params={{ did }}>
        @{handle}
      </Link>
      <div className="did">{did}</div>
    </>
  );
}
