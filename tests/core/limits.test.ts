// Limit profiles and their resolution: profile, environment knobs, plan overrides, per-declaration
// overrides, each value with its source; bad values fail with a LimitsError naming the setting.
import { describe, expect, it } from "vitest";
import { applyOverrides, LimitsError, PROFILES, resolveLimits } from "../../src/core/limits";

describe("profiles", () => {
  it("defaults to the mission's numbers", () => {
    const l = resolveLimits();
    expect(l.profile).toBe("default");
    expect(l.availableEniMaxIps).toEqual({ value: 10, source: "default profile" });
    expect(l.eniMaxIps).toEqual({ value: 20, source: "default profile" });
    expect(l.basicSecurityGroupMaxIps).toEqual({ value: 2000, source: "default profile" });
    expect(l.instanceTypeEniIps).toEqual({});
  });

  it("offers the current documented numbers as the current profile", () => {
    expect(PROFILES.current).toEqual({ availableEniMaxIps: 50, eniMaxIps: null, basicSecurityGroupMaxIps: 6000 });
    const l = resolveLimits({ profile: "current" });
    expect(l.availableEniMaxIps).toEqual({ value: 50, source: "current profile" });
    expect(l.eniMaxIps.value).toBeNull();
  });

  it("takes the profile from ENI_IPS_PROFILE, an explicit profile winning", () => {
    expect(resolveLimits({ env: { ENI_IPS_PROFILE: "current" } }).profile).toBe("current");
    expect(resolveLimits({ profile: "default", env: { ENI_IPS_PROFILE: "current" } }).profile).toBe("default");
  });

  it("refuses an unknown profile", () => {
    expect(() => resolveLimits({ env: { ENI_IPS_PROFILE: "newest" } })).toThrow(LimitsError);
    try {
      resolveLimits({ env: { ENI_IPS_PROFILE: "newest" } });
    } catch (e) {
      expect(e).toMatchObject({ name: "LimitsError", code: "unknown_profile", variable: "ENI_IPS_PROFILE", value: "newest" });
    }
    expect(() => resolveLimits({ profile: "latest" })).toThrow(LimitsError);
  });
});

describe("environment knobs", () => {
  it("overrides each value and names the variable as its source", () => {
    const l = resolveLimits({
      env: {
        ENI_IPS_AVAILABLE_ENI_MAX_IPS: "12",
        ENI_IPS_ENI_MAX_IPS: "none",
        ENI_IPS_BASIC_SG_MAX_IPS: "6000",
        ENI_IPS_INSTANCE_TYPE_ENI_IPS: "ecs.g6.large=6, ecs.c7.large=8",
      },
    });
    expect(l.availableEniMaxIps).toEqual({ value: 12, source: "env ENI_IPS_AVAILABLE_ENI_MAX_IPS" });
    expect(l.eniMaxIps).toEqual({ value: null, source: "env ENI_IPS_ENI_MAX_IPS" });
    expect(l.basicSecurityGroupMaxIps).toEqual({ value: 6000, source: "env ENI_IPS_BASIC_SG_MAX_IPS" });
    expect(l.instanceTypeEniIps).toEqual({
      "ecs.g6.large": { value: 6, source: "env ENI_IPS_INSTANCE_TYPE_ENI_IPS" },
      "ecs.c7.large": { value: 8, source: "env ENI_IPS_INSTANCE_TYPE_ENI_IPS" },
    });
    expect(resolveLimits({ env: { ENI_IPS_ENI_MAX_IPS: "32" } }).eniMaxIps.value).toBe(32);
  });

  it("ignores empty variables", () => {
    expect(resolveLimits({ env: { ENI_IPS_AVAILABLE_ENI_MAX_IPS: "", ENI_IPS_PROFILE: "" } }).availableEniMaxIps).toEqual({
      value: 10,
      source: "default profile",
    });
  });

  it.each([
    ["ENI_IPS_AVAILABLE_ENI_MAX_IPS", "ten"],
    ["ENI_IPS_AVAILABLE_ENI_MAX_IPS", "0"],
    ["ENI_IPS_AVAILABLE_ENI_MAX_IPS", "-5"],
    ["ENI_IPS_AVAILABLE_ENI_MAX_IPS", "12.5"],
    ["ENI_IPS_AVAILABLE_ENI_MAX_IPS", "1e3"],
    ["ENI_IPS_ENI_MAX_IPS", "unlimited"],
    ["ENI_IPS_BASIC_SG_MAX_IPS", "0x10"],
    ["ENI_IPS_INSTANCE_TYPE_ENI_IPS", "ecs.g6.large"],
    ["ENI_IPS_INSTANCE_TYPE_ENI_IPS", "ecs.g6.large=six"],
    ["ENI_IPS_INSTANCE_TYPE_ENI_IPS", "=6"],
    ["ENI_IPS_INSTANCE_TYPE_ENI_IPS", "ecs.g6.large=0"],
  ])("refuses %s=%j with a LimitsError naming both", (variable, value) => {
    let err: unknown;
    try {
      resolveLimits({ env: { [variable]: value } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LimitsError);
    expect(err).toMatchObject({ name: "LimitsError", code: "invalid_limit", variable });
    expect((err as Error).message).toContain(variable);
    expect((err as Error).message).toContain(value);
  });
});

describe("overrides", () => {
  it("lets plan overrides win over the environment, with their own source", () => {
    const l = resolveLimits({
      env: { ENI_IPS_AVAILABLE_ENI_MAX_IPS: "12", ENI_IPS_INSTANCE_TYPE_ENI_IPS: "ecs.g6.large=6,ecs.c7.large=8" },
      overrides: { availableEniMaxIps: 30, instanceTypeEniIps: { "ecs.c7.large": 9 } },
      overridesSource: "plan limits",
    });
    expect(l.availableEniMaxIps).toEqual({ value: 30, source: "plan limits" });
    expect(l.instanceTypeEniIps["ecs.c7.large"]).toEqual({ value: 9, source: "plan limits" });
    expect(l.instanceTypeEniIps["ecs.g6.large"]).toEqual({ value: 6, source: "env ENI_IPS_INSTANCE_TYPE_ENI_IPS" });
    expect(l.eniMaxIps).toEqual({ value: 20, source: "default profile" });
  });

  it("applies per-declaration overrides without touching the run's limits", () => {
    const base = resolveLimits();
    const l = applyOverrides(base, { eniMaxIps: null, basicSecurityGroupMaxIps: 3000 }, "resource web");
    expect(l.eniMaxIps).toEqual({ value: null, source: "resource web" });
    expect(l.basicSecurityGroupMaxIps).toEqual({ value: 3000, source: "resource web" });
    expect(base.eniMaxIps.value).toBe(20);
    expect(applyOverrides(base, undefined, "x")).toBe(base);
  });

  it.each([[{ availableEniMaxIps: 0 }], [{ eniMaxIps: 2.5 }], [{ basicSecurityGroupMaxIps: "2000" }], [{ instanceTypeEniIps: { "ecs.g6.large": -1 } }]])(
    "refuses the override %j",
    (o) => {
      expect(() => applyOverrides(resolveLimits(), o as never, "plan limits")).toThrow(LimitsError);
      expect(() => resolveLimits({ overrides: o as never })).toThrow(LimitsError);
    },
  );
});
