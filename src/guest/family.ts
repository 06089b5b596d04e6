// What each OS family's renderer hands back; render.ts adds the parts every family shares
// (family name, resource key, script type, cloud-init user-data).
import type { GuestFile } from "./types";

export interface FamilyRendering {
  readonly files: readonly GuestFile[];
  readonly commands: readonly string[];
  readonly notes: readonly string[];
  readonly script: string;
  readonly keyfile?: GuestFile;
}
