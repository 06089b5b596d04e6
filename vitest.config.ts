// Test runner settings: sized for a 2-core CI machine; integration tests start real servers
// (emulator, Pulumi's dynamic-provider host), so they get generous timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
