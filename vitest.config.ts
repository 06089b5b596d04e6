// Test runner settings: sized for a 2-core CI machine; integration tests start real servers
// (emulator, Pulumi's dynamic-provider host) and load TypeScript programs as Pulumi does (the
// TypeScript compiler alone takes seconds to load), so they get generous timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
