// The token of an `Authorization: Bearer <token>` header: a service JWT or an Atrarium session token.
import { XrpcError } from "../shared/xrpc-error.ts";

// null without a header; 401 BadAuthorization for any other scheme or shape.
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match)
    throw new XrpcError(
      401,
      "BadAuthorization",
      "Authorization must be `Bearer <service JWT or session token>`",
    );
  return match[1];
}
