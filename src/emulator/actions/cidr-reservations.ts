// VPC CreateVSwitchCidrReservation and ListVSwitchCidrReservations (2016-04-28, the SDK's models):
// reserved CIDR blocks of a vSwitch, the only place IPv4 prefixes come from. Creation is asynchronous
// in the cloud (Assigning, then Assigned); here it is Assigned at once.
import { intToIpv4 } from "../../core/address";
import { ApiError, invalidParameter } from "../errors";
import { paginate } from "../paging";
import { parseAlignedCidr, PREFIX_LENGTH, PREFIX_SIZE, prefixBlocks, reservationProblem, type Reservation } from "../prefixes";
import type { AccountState, VSwitch } from "../state";
import { inRegion, type ActionContext, type ActionDef } from "./context";

const vSwitchNotFound = (id: string): ApiError => new ApiError(404, "InvalidVswitchID.NotFound", `Specified virtual switch "${id}" does not exist.`);

function vSwitchOf(ctx: ActionContext, id: string): VSwitch {
  const vsw = inRegion(ctx) ? ctx.state.vSwitches.get(id) : undefined;
  if (!vsw) throw vSwitchNotFound(id);
  return vsw;
}

/** Whether any address of the block is in use (by an address or a prefix). */
function inUse(state: AccountState, vsw: VSwitch, first: number, last: number): string | undefined {
  for (let n = first; n <= last; n++) {
    const owner = state.ownerAt(vsw.vSwitchId, n);
    if (owner !== undefined) return `${intToIpv4(n)} (${owner})`;
  }
  return undefined;
}

/** The lowest aligned block of this mask that may be reserved: the API picks one when given a mask. */
function blockForMask(state: AccountState, vsw: VSwitch, mask: number): string | undefined {
  const size = 2 ** (32 - mask);
  for (let first = vsw.cidr.first; first + size - 1 <= vsw.cidr.last; first += size) {
    const text = `${intToIpv4(first)}/${mask}`;
    const cidr = parseAlignedCidr(text);
    if (cidr && !reservationProblem(vsw.cidr, vsw.reservations, text, cidr) && !inUse(state, vsw, cidr.first, cidr.last)) return text;
  }
  return undefined;
}

export const createVSwitchCidrReservation: ActionDef = {
  name: "CreateVSwitchCidrReservation",
  product: "Vpc",
  mutation: true,
  idempotent: true,
  run(ctx) {
    const p = ctx.params;
    const vsw = vSwitchOf(ctx, p.required("VSwitchId"));
    const ipVersion = p.string("IpVersion") ?? "IPv4";
    if (ipVersion !== "IPv4") throw invalidParameter("IpVersion", `"${ipVersion}": only IPv4 reservations are modelled by the eni-ips emulator`);
    const type = p.string("VSwitchCidrReservationType") ?? "prefix";
    if (type !== "prefix") throw invalidParameter("VSwitchCidrReservationType", `"${type}" is not prefix`);
    const given = p.string("VSwitchCidrReservationCidr");
    const mask = p.integer("VSwitchCidrReservationMask");
    if ((given === undefined) === (mask === undefined)) throw invalidParameter("VSwitchCidrReservationCidr", "give exactly one of VSwitchCidrReservationCidr and VSwitchCidrReservationMask");
    let text: string;
    if (given !== undefined) {
      text = given;
    } else {
      const m = mask as number;
      if (m < vsw.cidr.prefixLength + 2 || m > PREFIX_LENGTH) throw invalidParameter("VSwitchCidrReservationMask", `${m} must be from ${vsw.cidr.prefixLength + 2} (two bits longer than the vSwitch's) to ${PREFIX_LENGTH}`);
      const found = blockForMask(ctx.state, vsw, m);
      if (found === undefined) throw invalidParameter("VSwitchCidrReservationMask", `no free /${m} block is left in ${vsw.cidrBlock}`);
      text = found;
    }
    const cidr = parseAlignedCidr(text);
    const problem = reservationProblem(vsw.cidr, vsw.reservations, text, cidr);
    if (problem || !cidr) throw invalidParameter("VSwitchCidrReservationCidr", problem ?? text);
    const taken = inUse(ctx.state, vsw, cidr.first, cidr.last);
    if (taken) throw invalidParameter("VSwitchCidrReservationCidr", `${text} contains an address in use: ${taken}`);
    if (p.boolean("DryRun") === true) throw new ApiError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
    const reservation: Reservation = {
      vSwitchCidrReservationId: ctx.state.newId("vcr"),
      vSwitchId: vsw.vSwitchId,
      cidrBlock: text,
      cidr,
      type: "prefix",
      name: p.string("VSwitchCidrReservationName") ?? "",
      description: p.string("VSwitchCidrReservationDescription") ?? "",
      creationTime: new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
    ctx.state.addReservation(vsw, reservation);
    return { VSwitchCidrReservationId: reservation.vSwitchCidrReservationId };
  },
};

/** /28 blocks of a reservation: how many hold a prefix (or any address) now, how many are free. */
function blockCounts(state: AccountState, vsw: VSwitch, r: Reservation): { assigned: number; available: number } {
  const blocks = prefixBlocks([r]);
  const assigned = blocks.filter((start) => inUse(state, vsw, start, start + PREFIX_SIZE - 1) !== undefined).length;
  return { assigned, available: blocks.length - assigned };
}

export const listVSwitchCidrReservations: ActionDef = {
  name: "ListVSwitchCidrReservations",
  product: "Vpc",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const vSwitchId = p.string("VSwitchId");
    const ids = p.repeatList("VSwitchCidrReservationIds", 100);
    const type = p.string("VSwitchCidrReservationType");
    const ipVersion = p.string("IpVersion");
    const idSet = ids.length > 0 ? new Set(ids) : undefined;
    const rows: { vsw: VSwitch; r: Reservation }[] = [];
    if (inRegion(ctx)) {
      for (const vsw of ctx.state.vSwitches.values()) {
        if (vSwitchId !== undefined && vsw.vSwitchId !== vSwitchId) continue;
        for (const r of vsw.reservations) {
          if (idSet && !idSet.has(r.vSwitchCidrReservationId)) continue;
          if (type !== undefined && r.type !== type) continue;
          if (ipVersion !== undefined && ipVersion !== "IPv4") continue;
          rows.push({ vsw, r });
        }
      }
    }
    const maxResults = p.integer("MaxResults", 1, 100) ?? 10;
    const page = paginate(rows, p, { minResults: 1, maxResults: 100, defaultResults: 10 });
    return {
      NextToken: page.fields["NextToken"],
      MaxResults: maxResults,
      TotalCount: page.fields["TotalCount"],
      VSwitchCidrReservations: page.items.map(({ vsw, r }) => {
        const counts = blockCounts(ctx.state, vsw, r);
        return {
          VSwitchCidrReservationId: r.vSwitchCidrReservationId,
          VSwitchCidrReservationCidr: r.cidrBlock,
          VSwitchCidrReservationName: r.name,
          VSwitchCidrReservationDescription: r.description,
          Type: r.type,
          IpVersion: "IPv4",
          Status: "Assigned",
          VSwitchId: vsw.vSwitchId,
          VpcId: vsw.vpcId,
          CreationTime: r.creationTime,
          AssignedCidrCount: counts.assigned,
          AvailableCidrCount: counts.available,
          Tags: [],
        };
      }),
    };
  },
};
