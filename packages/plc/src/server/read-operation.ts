// The body of POST /:did: JSON of any content type (upstream needs application/json; curl users
// forget it), parsed defensively so no input, however broken, gets past as a 500.
import type { Context } from "hono";
import { HttpError } from "./errors.ts";

export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") throw new HttpError(400, "Request body is empty; expected a signed PLC operation");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `Request body is not valid JSON: ${(err as Error).message}`);
  }
}
