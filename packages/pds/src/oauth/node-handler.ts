// The authorization server's HTTP surface on the raw Node request, ahead of Hono: the provider's
// middleware answers /.well-known/oauth-authorization-server, /oauth/* (par, authorize, token, revoke,
// jwks, its pages and their API) and calls `next` for everything else. The protected-resource document
// (this PDS as a resource server, naming itself as its authorization server) is served here too.
import type { IncomingMessage, ServerResponse } from "node:http";
import { OAuthError } from "@atproto/oauth-provider/errors";
import { oauthMiddleware } from "@atproto/oauth-provider/middleware";
import type { OAuthProvider } from "@atproto/oauth-provider/provider";
import { buildProtectedResourceMetadata } from "@atproto/oauth-provider/utils";
import type { Logger } from "@atrarium/observability";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export function oauthNodeHandler(provider: OAuthProvider, publicUrl: string, logger: Logger): NodeHandler {
  const protectedResource = JSON.stringify(
    buildProtectedResourceMetadata({
      resource: publicUrl,
      authorization_servers: [provider.issuer],
      bearer_methods_supported: ["header"],
      scopes_supported: [],
      resource_documentation: "https://atproto.com",
    }),
  );
  const middleware = oauthMiddleware(provider, {
    // A refusal (a wrong password, a taken handle, the DPoP nonce dance, a spent refresh token) is the
    // client's business; only server errors are ours.
    onError: (_req, _res, err, msg) => {
      if (err instanceof OAuthError && err.statusCode < 500) logger.debug({ err }, `oauth: ${msg}`);
      else logger.error({ err }, `oauth: ${msg}`);
    },
  });
  return (req, res, next) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/.well-known/oauth-protected-resource" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, {
        "content-type": "application/json",
        "access-control-allow-origin": "*",
        "cache-control": "max-age=300",
      });
      res.end(req.method === "HEAD" ? undefined : protectedResource);
      return;
    }
    middleware.call(undefined, req, res, (err?: unknown) => {
      if (err) {
        logger.error({ err }, "oauth middleware failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "InternalServerError", message: "Internal Server Error" }));
        return;
      }
      next();
    });
  };
}
