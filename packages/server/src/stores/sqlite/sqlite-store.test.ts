import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runLeadStoreContract } from "../store-contract.ts";
import { SqliteLeadStore } from "./sqlite-store.ts";

const dir = mkdtempSync(join(tmpdir(), "leadscore-sqlite-"));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runLeadStoreContract("sqlite", async () => new SqliteLeadStore(join(dir, `t${++counter}.db`)));

describe("SqliteLeadStore on a file", () => {
  it("keeps committed events across a reopen", async () => {
    const path = join(dir, "reopen.db");
    const first = new SqliteLeadStore(path);
    await first.commit({
      events: [
        {
          messageId: "m",
          leadId: "ld",
          type: "track",
          event: "e",
          timestamp: 1,
          receivedAt: 2,
          anonymousId: "a",
          userId: null,
          properties: null,
          traits: null,
        },
      ],
    });
    await first.close();
    const second = new SqliteLeadStore(path);
    expect(await second.countEvents()).toBe(1);
    expect(await second.ping()).toBe(true);
    await second.close();
  });
});
