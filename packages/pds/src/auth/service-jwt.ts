// Inter-service JWTs signed with the account's repo key (ES256K for secp256k1), for
// com.atproto.server.getServiceAuth and service proxying: @atproto/xrpc-server's own, so the tokens
// are byte-for-byte what the official PDS issues (header, claims, random jti).
export { createServiceJwt } from "@atproto/xrpc-server";
