import { afterEach, describe, expect, it } from "vitest";
import { QueueViewClient, type SseEvent, SseParser } from "../../testing/sse-parser.ts";
import { callerMessages, publishCallers } from "../../use-case-tests/queue-fixture.ts";
import { iso, T0 } from "../../use-case-tests/test-app.ts";
import { readProblem } from "../testing/create-test-app.ts";
import { makeRealHttpApp, type RealHttpApp } from "../testing/real-http-app.ts";

let h: RealHttpApp;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const stream of open.splice(0)) await stream.close();
  await h.app.close();
});

async function seeded(options: { sseHeartbeatMs?: number } = {}): Promise<RealHttpApp> {
  h = await makeRealHttpApp(options);
  await publishCallers(h.app.services);
  await h.app.send(callerMessages({ high: 3, medium: 3 }, T0 - 3_600_000));
  return h;
}

interface Stream {
  readonly response: Response;
  readonly parser: SseParser;
  readonly events: SseEvent[];
  /** Waits until `count` events arrived in total. */
  until(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): Promise<void>;
}

async function openStream(
  path: string,
  headers: Record<string, string> = {},
  key?: string | null,
): Promise<Stream> {
  const response = await h.call("GET", path, { headers, ...(key === undefined ? {} : { key }) });
  const parser = new SseParser();
  const events: SseEvent[] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let done = false;
  const pump = (async () => {
    for (;;) {
      const chunk = await reader?.read().catch(() => ({ done: true, value: undefined }));
      if (chunk === undefined || chunk.done === true) break;
      events.push(...parser.push(decoder.decode(chunk.value, { stream: true })));
    }
    done = true;
  })();
  const stream: Stream = {
    response,
    parser,
    events,
    async until(count, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (done || Date.now() > deadline) throw new Error(`${events.length} of ${count} events`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return events;
    },
    async close() {
      await reader?.cancel().catch(() => undefined);
      await pump;
    },
  };
  open.push(stream);
  return stream;
}

const page = (userId: string, at: number) => ({
  type: "page",
  userId,
  messageId: `page-${userId}-${at}`,
  timestamp: iso(at),
});

async function getQueue(): Promise<{
  version: number;
  data: { leadId: string; userId: string; grade: string; score: number }[];
}> {
  return (await (await h.call("GET", "/v1/queues/callers")).json()) as never;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe("GET /v1/queues/{id}/stream", () => {
  it("starts with a snapshot equal to GET at the same version, then sends updates", async () => {
    await seeded();
    const stream = await openStream("/v1/queues/callers/stream");
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream");
    const [snapshot] = await stream.until(1);
    const body = await getQueue();
    const client = new QueueViewClient();
    if (snapshot === undefined) throw new Error("no snapshot");
    client.apply(snapshot);
    expect(snapshot.event).toBe("snapshot");
    expect(client.version).toBe(body.version);
    expect(client.list().map((e) => e.leadId)).toEqual(body.data.map((e) => e.leadId));
    expect(snapshot.id).toMatch(new RegExp(`^[0-9a-f]{8}-${body.version}$`));

    await h.app.send([page("m2", T0)]);
    const [, update] = await stream.until(2);
    if (update === undefined) throw new Error("no update");
    client.apply(update);
    expect(update.event).toBe("update");
    expect(JSON.parse(update.data)).toMatchObject({
      order: expect.any(Array),
      upsert: [{ userId: "m2", grade: "A" }],
    });
    const after = await getQueue();
    expect(client.list().map((e) => [e.userId, e.grade])).toEqual(
      after.data.map((e) => [e.userId, e.grade]),
    );
    expect(client.version).toBe(after.version);
  });

  it("resumes from Last-Event-ID with exactly the updates missed, or a snapshot when it cannot", async () => {
    await seeded();
    const first = await openStream("/v1/queues/callers/stream");
    await first.until(1);
    await h.app.send([page("m0", T0)]);
    const seen = await first.until(2);
    const client = new QueueViewClient();
    for (const event of seen) client.apply(event);
    await first.close();

    await h.app.send([page("m1", T0 + 1000)]);
    await settle();
    await h.app.send([page("m2", T0 + 2000)]);
    await settle();
    const resumed = await openStream("/v1/queues/callers/stream", {
      "last-event-id": client.lastEventId ?? "",
    });
    const missed = await resumed.until(2);
    await settle();
    expect(resumed.events.map((e) => e.event)).toEqual(["update", "update"]);
    for (const event of missed) client.apply(event);
    const now = await getQueue();
    expect(client.list().map((e) => e.userId)).toEqual(now.data.map((e) => e.userId));
    expect(
      client
        .list()
        .slice(0, 3)
        .map((e) => e.userId),
    ).toEqual(["m2", "m1", "m0"]);

    const up = await openStream(`/v1/queues/callers/stream?lastEventId=${resumed.events[1]?.id}`);
    await settle();
    expect(up.events).toEqual([]);
    for (const id of ["00000000-3", "garbage", `${client.lastEventId?.split("-")[0]}-999999`]) {
      const fresh = await openStream("/v1/queues/callers/stream", { "last-event-id": id });
      expect((await fresh.until(1))[0]?.event).toBe("snapshot");
    }
  });

  it("keeps a client's view equal to GET once the stream has caught up, through many changes", async () => {
    await seeded();
    const stream = await openStream("/v1/queues/callers/stream?limit=4");
    await stream.until(1);
    const client = new QueueViewClient();
    const users = ["h0", "h1", "h2", "m0", "m1", "m2"];
    let applied = 0;
    for (let i = 0; i < 30; i++) {
      const userId = users[(i * 7) % users.length] ?? "h0";
      h.app.clock.now = T0 + i * 20_000;
      if (i % 5 === 4) await h.app.services.queues.claim({ queueId: "callers", agentId: `a${i}` });
      else await h.app.send([page(userId, h.app.clock.now)]);
      // A read first processes what time alone changed (presence running out) at the new clock.
      await h.call("GET", "/v1/queues/callers?limit=4");
      await settle();
      for (; applied < stream.events.length; applied++) {
        const event = stream.events[applied];
        if (event !== undefined) client.apply(event);
      }
      const body = (await (await h.call("GET", "/v1/queues/callers?limit=4")).json()) as {
        version: number;
        data: { leadId: string }[];
      };
      expect(client.version).toBeLessThanOrEqual(body.version);
      expect(client.list().map((e) => e.leadId)).toEqual(body.data.map((e) => e.leadId));
    }
    const versions = stream.events.map((e) => JSON.parse(e.data).version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("sends heartbeat comments", async () => {
    await seeded({ sseHeartbeatMs: 20 });
    const stream = await openStream("/v1/queues/callers/stream");
    await stream.until(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(stream.parser.comments).toBeGreaterThanOrEqual(3);
  });

  it("answers problems before streaming: unknown queue, bad limit", async () => {
    await seeded();
    expect((await readProblem(await h.call("GET", "/v1/queues/nope/stream"))).status).toBe(404);
    const bad = await h.call("GET", "/v1/queues/callers/stream?limit=1000");
    expect((await readProblem(bad)).errors[0]?.pointer).toBe("/limit");
  });
});

describe("stream tokens (EventSource cannot send headers)", () => {
  it("opens a stream with ?token=, refuses bad, expired and revoked ones", async () => {
    await seeded();
    const reader = await h.secretKey(["leads:read"]);
    const issued = await h.call("POST", "/v1/stream-tokens", { key: reader });
    expect(issued.status).toBe(201);
    const { token, expiresAt } = (await issued.json()) as { token: string; expiresAt: number };
    expect(expiresAt).toBe(T0 + 15 * 60_000);
    const stream = await openStream(`/v1/queues/callers/stream?token=${token}`, {}, null);
    expect((await stream.until(1))[0]?.event).toBe("snapshot");
    const tampered = `${token.slice(0, -3)}abc`;
    for (const bad of [tampered, "st_x.y", "sk_not_a_token"]) {
      const response = await h.call("GET", `/v1/queues/callers/stream?token=${bad}`, { key: null });
      expect(response.status).toBe(401);
    }
    h.app.clock.now = expiresAt;
    expect(
      (await h.call("GET", `/v1/queues/callers/stream?token=${token}`, { key: null })).status,
    ).toBe(401);
    h.app.clock.now = T0;
    const keys = await h.app.services.keys.list();
    const readerKey = keys.find((k) => k.scopes.join() === "leads:read");
    await h.app.services.keys.revoke(readerKey?.id ?? "");
    expect(
      (await h.call("GET", `/v1/queues/callers/stream?token=${token}`, { key: null })).status,
    ).toBe(401);
  });
});

describe("GET /v1/leads/{id}/stream", () => {
  it("sends the lead, then its changes (grade from presence)", async () => {
    await seeded();
    const list = await h.app.services.leads.list({ userId: "m1" });
    const id = list.ok ? list.value.data[0]?.id : undefined;
    const stream = await openStream(`/v1/leads/${id}/stream`);
    const [snapshot] = await stream.until(1);
    expect(JSON.parse(snapshot?.data ?? "{}")).toMatchObject({
      id,
      userId: "m1",
      models: { calls: { score: 30, grade: "B", presentNow: false } },
    });
    await h.app.send([page("m1", T0)]);
    const [, update] = await stream.until(2);
    expect(JSON.parse(update?.data ?? "{}")).toMatchObject({
      models: { calls: { grade: "A", presentNow: true } },
    });
    expect((await h.call("GET", "/v1/leads/ld_nope/stream")).status).toBe(404);
  });
});
