// The demo's apply step: one passing plan declaration made real on the emulator, and undone.
import type { PlanDeclaration } from "./plan";
import type { CliIo } from "./io";
import { openCloudSession } from "./live-facts";

export interface Applied {
  readonly name: string;
  readonly networkInterfaceId: string;
  /** The addresses the declaration now owns, as assigned. */
  readonly privateIpAddresses: readonly string[];
  /** Releases exactly these addresses. */
  remove(): Promise<void>;
}

export async function applyDeclaration(entry: PlanDeclaration, env: NodeJS.ProcessEnv, regionId: string): Promise<Applied> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env, cwd: process.cwd() };
  const session = await openCloudSession(io, regionId);
  const d = entry.declaration;
  const eni = d.networkInterfaceId as string;
  const request = Array.isArray(d.privateIpAddresses)
    ? { privateIpAddresses: d.privateIpAddresses as string[] }
    : { secondaryPrivateIpAddressCount: d.secondaryPrivateIpAddressCount as number };
  const assigned = await session.assignPrivateIpAddresses(eni, request);
  return {
    name: d.name,
    networkInterfaceId: eni,
    privateIpAddresses: assigned,
    remove: () => session.unassignPrivateIpAddresses(eni, assigned),
  };
}
