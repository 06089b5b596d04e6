// Who may use the admin endpoints (/_emulator/*): a program on this machine, never a web page. A
// loopback peer is not enough: any page in a local browser is a loopback peer, can POST across origins
// without a preflight (text/plain, forms, multipart), and through DNS rebinding can even read answers
// under its own host name. So the Host must be a loopback name with this server's port, a browser's
// Origin must be this server's own, and the content types a browser sends without asking are refused.

export interface GuardedRequest {
  remoteAddress: string | undefined;
  /** The port this connection came in on. */
  localPort: number | undefined;
  host: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
}

export interface AdminRefusal {
  status: number;
  code: string;
  message: string;
}

/** Peers on this machine (the server may be bound to 0.0.0.0). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT` (and the bare name when the port is 80). */
export function isLoopbackHost(host: string | undefined, port: number | undefined): boolean {
  if (host === undefined || port === undefined) return false;
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}` || (port === 80 && h === name));
}

/** The media types of a "simple" cross-origin request (sent by browsers without a CORS preflight). */
const BROWSER_SIMPLE_TYPES = new Set(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);

export function adminRefusal(req: GuardedRequest): AdminRefusal | undefined {
  const forbidden = (message: string): AdminRefusal => ({ status: 403, code: "Forbidden", message });
  if (!isLoopback(req.remoteAddress)) return forbidden("The emulator admin endpoints only answer loopback clients.");
  if (!isLoopbackHost(req.host, req.localPort)) {
    return forbidden(`The emulator admin endpoints only answer requests for 127.0.0.1:${req.localPort ?? "PORT"}, localhost or [::1] (Host was ${JSON.stringify(req.host ?? "")}).`);
  }
  if (req.origin !== undefined && !isLoopbackHost(req.origin.replace(/^http:\/\//i, ""), req.localPort)) {
    return forbidden(`The emulator admin endpoints do not answer web pages of other origins (Origin was ${JSON.stringify(req.origin)}).`);
  }
  const mediaType = req.contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== undefined && BROWSER_SIMPLE_TYPES.has(mediaType)) {
    return { status: 415, code: "UnsupportedMediaType", message: `The emulator admin endpoints take application/json, not ${mediaType} (a type browsers send across origins without asking).` };
  }
  return undefined;
}
