// Idempotency tokens for mutations: one per logical request, reused verbatim by every retry of it so
// the API can recognise a retry of a request it already executed (ASCII only, at most 64 chars).
import { randomUUID } from "node:crypto";

export function newClientToken(): string {
  return `eni-ips-${randomUUID()}`;
}

export function isValidClientToken(token: string): boolean {
  return token.length > 0 && token.length <= 64 && /^[\x21-\x7e]+$/.test(token);
}
