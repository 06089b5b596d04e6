// Which action and version a request asks for, read only from what its signature covers. V1 signs
// the parameters, so the `Action`/`Version` parameters decide; V3 signs `x-acs-action`/`x-acs-version`
// (every x-acs-* header must be signed) as well as the query and the body. Where a request carries
// both forms they must agree: otherwise an unsigned header (V1) could turn a signed read into a
// mutation, which is how a request signed for DescribeNetworkInterfaceAttribute once removed an address.
import { header, incomplete, type AuthRequest, type SignatureScheme } from "./auth";
import { missingParameter } from "./errors";
import type { Params } from "./params";

export interface RequestTarget {
  action: string;
  version: string | undefined;
}

export function signedTarget(req: AuthRequest, scheme: SignatureScheme, params: Params): RequestTarget {
  const action = pick(req, scheme, params, "x-acs-action", "Action");
  if (action === undefined) throw missingParameter("Action");
  return { action, version: pick(req, scheme, params, "x-acs-version", "Version") };
}

/** The signed value of one field, refusing a second source that says otherwise. */
function pick(req: AuthRequest, scheme: SignatureScheme, params: Params, headerName: string, paramName: string): string | undefined {
  const fromHeader = header(req.headers, headerName);
  const fromParam = params.string(paramName);
  if (fromHeader !== undefined && fromParam !== undefined && fromHeader !== fromParam) {
    throw incomplete(`The ${headerName} header "${fromHeader}" contradicts the ${paramName} parameter "${fromParam}".`);
  }
  // Under V1 the header is not signed: the SDK's V1 mode sends it, so it is tolerated when it repeats
  // the signed parameter (checked above) and never used on its own.
  return scheme === "v1" ? fromParam : (fromHeader ?? fromParam);
}
