import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./sign-in-throttle.ts";

function build(max = { account: 3, ip: 5 }) {
  const clock = { now: 1_000_000 };
  const throttle = new SignInThrottle({
    maxFailuresPerAccount: max.account,
    maxFailuresPerIp: max.ip,
    windowMs: 60_000,
    now: () => clock.now,
  });
  return { clock, throttle };
}

describe("sign-in throttle", () => {
  it("blocks an account after its failures until the oldest leaves the window", () => {
    const { clock, throttle } = build();
    for (const step of [0, 10_000, 20_000]) {
      clock.now = 1_000_000 + step;
      expect(throttle.retryAfterMs("a@x", null)).toBe(0);
      throttle.fail("a@x", null);
    }
    expect(throttle.retryAfterMs("a@x", null)).toBe(40_000);
    expect(throttle.retryAfterMs("b@x", null)).toBe(0);
    clock.now = 1_060_001;
    expect(throttle.retryAfterMs("a@x", null)).toBe(0);
  });

  it("forgets an account's failures after a success", () => {
    const { throttle } = build();
    throttle.fail("a@x", null);
    throttle.fail("a@x", null);
    throttle.succeed("a@x");
    throttle.fail("a@x", null);
    throttle.fail("a@x", null);
    expect(throttle.retryAfterMs("a@x", null)).toBe(0);
  });

  it("blocks an address that fails across many accounts", () => {
    const { throttle } = build({ account: 3, ip: 4 });
    for (const n of [1, 2, 3, 4]) throttle.fail(`u${n}@x`, "10.0.0.1");
    expect(throttle.retryAfterMs("new@x", "10.0.0.1")).toBeGreaterThan(0);
    expect(throttle.retryAfterMs("new@x", "10.0.0.2")).toBe(0);
  });
});
