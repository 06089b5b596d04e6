// The demo's apply step: plan declarations made real through the Pulumi dynamic provider object, in
// process and without the Pulumi CLI – `check` then `create`, and `delete` to undo, the calls the
// engine makes for `pulumi up` / `pulumi destroy`. The provider reads its credentials and endpoints
// from process.env at call time (as in Pulumi's provider host), so the emulator's settings are put
// there for the duration and the caller's environment is restored afterwards.
import type { PlanDeclaration } from "./plan";

type ProviderModule = typeof import("../provider");

export interface Applied {
  readonly name: string;
  readonly networkInterfaceId: string;
  /** The addresses the resource now owns, as the provider reports them. */
  readonly privateIpAddresses: readonly string[];
}

/** A provider run against one environment: apply declarations, then `destroy` what was applied. */
export class DemoStack {
  private readonly created: { name: string; id: string; outs: Record<string, unknown> }[] = [];

  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly provider: ProviderModule,
  ) {}

  /** Loads the provider area on demand (it pulls in @pulumi/pulumi, which preview never needs). */
  static async open(env: NodeJS.ProcessEnv): Promise<DemoStack> {
    return new DemoStack(env, await import("../provider/index.js"));
  }

  /** check (failures are an error here: the demo applies only what preview passed), then create. */
  async apply(entry: PlanDeclaration): Promise<Applied> {
    const d = entry.declaration;
    const news: Record<string, unknown> = {
      resourceName: d.name,
      networkInterfaceId: d.networkInterfaceId,
      ...(d.privateIpAddresses !== undefined ? { privateIpAddresses: d.privateIpAddresses } : {}),
      ...(d.secondaryPrivateIpAddressCount !== undefined ? { secondaryPrivateIpAddressCount: d.secondaryPrivateIpAddressCount } : {}),
      ...(d.adoptExisting !== undefined ? { adoptExisting: d.adoptExisting } : {}),
    };
    return this.withEnv(async () => {
      const p = this.provider.provider;
      const checked = await p.check!({}, news);
      if (checked.failures && checked.failures.length > 0) {
        throw new Error(`provider check refused ${d.name}: ${checked.failures.map((f) => f.reason).join("; ")}`);
      }
      const { id, outs } = await p.create(checked.inputs);
      this.created.push({ name: d.name, id, outs });
      return {
        name: d.name,
        networkInterfaceId: String(outs["networkInterfaceId"]),
        privateIpAddresses: (outs["privateIpAddresses"] as string[] | undefined) ?? [],
      };
    });
  }

  /** Deletes every created resource, newest first (as `pulumi destroy` would). */
  async destroy(onDeleted: (applied: Applied) => void): Promise<void> {
    await this.withEnv(async () => {
      while (this.created.length > 0) {
        const r = this.created.pop()!;
        await this.provider.provider.delete!(r.id, r.outs);
        onDeleted({ name: r.name, networkInterfaceId: String(r.outs["networkInterfaceId"]), privateIpAddresses: (r.outs["privateIpAddresses"] as string[] | undefined) ?? [] });
      }
    });
  }

  /** Runs `body` with the demo settings in process.env and a fresh provider run (no demand or cached
   *  sessions from before), then puts the caller's environment back. */
  private async withEnv<T>(body: () => Promise<T>): Promise<T> {
    const keys = Object.keys(this.env).filter((k) => k.startsWith("ALIBABA_CLOUD_") || k.startsWith("ENI_IPS_"));
    const ambient = Object.keys(process.env).filter((k) => k.startsWith("ALIBABA_CLOUD_") || k.startsWith("ENI_IPS_"));
    const saved = new Map<string, string | undefined>([...keys, ...ambient].map((k) => [k, process.env[k]]));
    for (const k of ambient) delete process.env[k];
    for (const k of keys) process.env[k] = this.env[k];
    try {
      return await body();
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  /** Starts a new provider run (forget earlier demand and sessions); call before and after the demo. */
  reset(): void {
    this.provider.resetProviderRun();
  }
}
