// A malformed call gets a ValidationInputError naming where, never a raw TypeError from inside a rule.
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { validate } from "../../src/core/validate";
import { ValidationInputError } from "../../src/core/validation-input";
import { account } from "./fixtures";

function refusal(input: unknown): ValidationInputError {
  try {
    validate(input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationInputError);
    return error as ValidationInputError;
  }
  throw new Error("expected a ValidationInputError");
}

describe("validate() input", () => {
  it.each([null, undefined, "plan.yaml", 42, []])("refuses %j as its argument", (input) => {
    const e = refusal(input);
    expect(e).toMatchObject({ name: "ValidationInputError", code: "invalid_validation_input", path: "validate(input): input" });
    expect(e.message).toContain("is not an object { declarations, facts, limits }");
  });

  it("refuses declarations that are not a list, and a declaration that is not one", () => {
    const base = { facts: account(), limits: resolveLimits() };
    expect(refusal({ ...base, declarations: "web" }).path).toBe("validate(input): input.declarations");
    expect(refusal({ ...base, declarations: [{ name: "a", networkInterfaceId: "eni-avail", secondaryPrivateIpAddressCount: 1 }, null] }).path).toBe(
      "validate(input): input.declarations[1]",
    );
    expect(refusal({ ...base, declarations: [{ networkInterfaceId: "eni-avail" }] }).path).toBe("validate(input): input.declarations[0].name");
    expect(refusal({ ...base, declarations: [{ name: "a", networkInterfaceId: "eni-avail", ownedAddresses: "10.0.0.5" }] }).path).toBe(
      "validate(input): input.declarations[0].ownedAddresses",
    );
  });

  it("refuses limits that were not resolved", () => {
    expect(refusal({ declarations: [], facts: account() }).path).toBe("validate(input): input.limits");
    expect(refusal({ declarations: [], facts: account(), limits: { ...resolveLimits(), eniMaxIps: { value: 0, source: "x" } } }).path).toBe(
      "validate(input): input.limits.eniMaxIps",
    );
  });
});
