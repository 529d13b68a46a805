import { describe, expect, it } from "vitest";
import { canSee, canWriteLeads } from "./permissions.ts";

const agent = ["leads:read", "leads:write", "queues:work"];
const marketer = ["leads:read", "models:write"];

describe("what a role sees", () => {
  it.each([
    [["admin"], "settings", true],
    [["admin"], "queue", true],
    [agent, "settings", false],
    [agent, "queue", true],
    [agent, "leads", true],
    [marketer, "queue", false],
    [marketer, "settings", false],
    [marketer, "leads", true],
    [marketer, "models", true],
    [marketer, "evaluation", true],
    [agent, "models", false],
    [agent, "evaluation", false],
  ] as const)("%j sees %s: %s", (scopes, area, expected) => {
    expect(canSee(scopes, area)).toBe(expected);
  });

  it("lets only roles with leads:write change stages and give feedback", () => {
    expect(canWriteLeads(agent)).toBe(true);
    expect(canWriteLeads(marketer)).toBe(false);
    expect(canWriteLeads(["admin"])).toBe(true);
  });
});
