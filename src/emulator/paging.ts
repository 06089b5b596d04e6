// The two paging styles of the ECS API: MaxResults/NextToken (current) and PageNumber/PageSize
// (deprecated but still sent by older clients). NextToken is opaque to clients; here it carries the
// offset of the next item. Under NextToken paging the API pages say TotalCount is not valid, so it
// is not the total here either: it counts the items of this page only.
import { invalidParameter } from "./errors";
import type { Params } from "./params";

export interface PagingRules {
  /** MaxResults bounds: values below min become min, above max become max (docs/alibaba-api.md). */
  minResults: number;
  maxResults: number;
  defaultResults: number;
  /** Largest PageSize; undefined when the action has no legacy paging. */
  maxPageSize?: number;
  defaultPageSize?: number;
}

export interface Page<T> {
  items: T[];
  fields: Record<string, unknown>;
}

export function encodeToken(offset: number): string {
  return Buffer.from(`eni-ips:${offset}`).toString("base64url");
}

export function decodeToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const m = /^eni-ips:(\d+)$/.exec(text);
  if (!m) throw invalidParameter("NextToken", "the token is not one this API issued");
  return Number(m[1]);
}

export function paginate<T>(all: readonly T[], params: Params, rules: PagingRules): Page<T> {
  const token = params.string("NextToken");
  const maxResults = params.integer("MaxResults");
  const legacy = token === undefined && maxResults === undefined && rules.maxPageSize !== undefined && (params.has("PageNumber") || params.has("PageSize"));
  if (legacy) {
    const pageNumber = params.integer("PageNumber", 1) ?? 1;
    const pageSize = params.integer("PageSize", 1, rules.maxPageSize) ?? rules.defaultPageSize ?? 10;
    const start = (pageNumber - 1) * pageSize;
    return { items: all.slice(start, start + pageSize), fields: { TotalCount: all.length, PageNumber: pageNumber, PageSize: pageSize } };
  }
  const size = Math.min(rules.maxResults, Math.max(rules.minResults, maxResults ?? rules.defaultResults));
  const start = token === undefined ? 0 : decodeToken(token);
  const items = all.slice(start, start + size);
  const next = start + size < all.length ? encodeToken(start + size) : "";
  // Without any paging parameter the answer is also a first legacy page, whose TotalCount is real.
  const legacyFirstPage = token === undefined && maxResults === undefined && rules.maxPageSize !== undefined;
  const fields: Record<string, unknown> = { NextToken: next, TotalCount: legacyFirstPage ? all.length : items.length };
  if (legacyFirstPage) {
    fields["PageNumber"] = 1;
    fields["PageSize"] = size;
  }
  return { items, fields };
}
