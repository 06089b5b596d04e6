// What an action handler gets, and how it is registered: handlers are synchronous, so every
// mutation is atomic with respect to other requests (Node runs one at a time).
import type { AddressPicker } from "../address-picker";
import { eniNotFound } from "../errors";
import type { FaultEngine } from "../faults";
import type { Params } from "../params";
import type { AccountState, Eni } from "../state";

export interface ActionContext {
  readonly params: Params;
  readonly state: AccountState;
  readonly faults: FaultEngine;
  /** Picks free addresses for counts (random from a seeded PRNG, or lowest first). */
  readonly picker: AddressPicker;
  readonly now: number;
}

export type ActionResult = Record<string, unknown>;

export interface ActionDef {
  readonly name: string;
  readonly product: "Ecs" | "Vpc";
  /** Reads are counted apart from mutations; only mutations persist, lose responses, conflict. */
  readonly mutation: boolean;
  /** Mutations that honour ClientToken idempotency. */
  readonly idempotent?: boolean;
  run(ctx: ActionContext): ActionResult;
}

/** Resources live in one region; another region simply holds nothing. */
export function inRegion(ctx: ActionContext): boolean {
  return ctx.params.required("RegionId") === ctx.state.regionId;
}

export function requireEni(ctx: ActionContext, id: string): Eni {
  const eni = inRegion(ctx) ? ctx.state.enis.get(id) : undefined;
  if (!eni) throw eniNotFound(id);
  return eni;
}
