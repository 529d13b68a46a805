import { afterEach, describe, expect, it } from "vitest";
import { daysAgo, exampleModel, makeTestApp, type TestApp } from "./test-app.ts";

let app: TestApp;
afterEach(async () => {
  await app.close();
});

async function leadIdOf(userId: string): Promise<string> {
  const list = await app.services.leads.list({ userId });
  if (!list.ok || list.value.data[0] === undefined) throw new Error(`no lead for ${userId}`);
  return list.value.data[0].id;
}

const identify = (
  userId: string,
  traits: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  type: "identify",
  messageId: `id-${userId}-${JSON.stringify(traits).length}`,
  userId,
  traits,
  timestamp: daysAgo(3),
  ...extra,
});

describe("leads", () => {
  it("lists with filters, sorting and cursor pagination over every lead exactly once", async () => {
    app = await makeTestApp();
    const batch = Array.from({ length: 7 }, (_, i) =>
      identify(`u${i}`, {
        email: `p${i}@mail.io`,
        name: `Person ${i}`,
        company: i % 2 ? "Acme" : "Other",
        employees: i * 20,
      }),
    );
    await app.send(batch);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await app.services.leads.list({
        sort: "-score",
        limit: 3,
        ...(cursor ? { startingAfter: cursor } : {}),
      });
      if (!result.ok) throw new Error(result.error.detail);
      seen.push(...result.value.data.map((l) => l.id));
      if (!result.value.hasMore) break;
      cursor = result.value.nextCursor ?? undefined;
    }
    expect(new Set(seen).size).toBe(7);
    expect(seen.length).toBe(7);
    const acme = await app.services.leads.list({ q: "acme" });
    expect(acme.ok && acme.value.data.length).toBe(3);
    const ranked = await app.services.leads.list({ sort: "-score" });
    const scores = ranked.ok
      ? ranked.value.data.map((l) => l.models["saas-main"]?.score ?? -1)
      : [];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(ranked.ok && ranked.value.counts?.bands).toEqual({ cold: 7, warm: 0, hot: 0 });
    expect((await app.services.leads.list({ limit: 101 })).ok).toBe(false);
    expect((await app.services.leads.list({ model: "nope" })).ok).toBe(false);
    expect((await app.services.leads.list({ startingAfter: "garbage" })).ok).toBe(false);
  });

  it("changes stages by hand with a reason, recorded in the stage history", async () => {
    app = await makeTestApp();
    await app.send([identify("s1", { email: "s1@x.io" })]);
    const id = await leadIdOf("s1");
    const changed = await app.services.leads.changeStage({
      leadId: id,
      model: "saas-main",
      action: "opportunity",
      reason: "call went well",
    });
    expect(changed.ok && changed.value.models["saas-main"]?.stage).toBe("opportunity");
    const history = changed.ok ? (changed.value.models["saas-main"]?.stageHistory ?? []) : [];
    expect(history.at(-1)).toMatchObject({ stage: "opportunity", cause: "manual" });
    const rejected = await app.services.leads.changeStage({
      leadId: id,
      model: "saas-main",
      action: "reject",
      reason: "no budget",
    });
    expect(rejected.ok && rejected.value.models["saas-main"]?.stage).toBe("disqualified");
    const bad = await app.services.leads.changeStage({
      leadId: id,
      model: "saas-main",
      action: "set",
      reason: "x",
    });
    expect(bad.ok ? null : bad.error.errors?.[0]?.pointer).toBe("/stage");
    const unknown = await app.services.leads.changeStage({
      leadId: "ld_nope",
      model: "saas-main",
      action: "won",
      reason: "x",
    });
    expect(unknown.ok ? null : unknown.error.code).toBe("not_found");
  });

  it("keeps sales feedback on the lead", async () => {
    app = await makeTestApp();
    await app.send([identify("f1", { email: "f1@x.io" })]);
    const id = await leadIdOf("f1");
    const fb = await app.services.leads.addFeedback({
      leadId: id,
      verdict: "bad_fit",
      note: "student",
    });
    expect(fb.ok).toBe(true);
    const lead = await app.services.leads.get(id);
    expect(lead.ok && lead.value.feedback.map((f) => f.verdict)).toEqual(["bad_fit"]);
  });

  it("merges two known leads only on request; merges are idempotent, order-independent and ids keep resolving", async () => {
    app = await makeTestApp();
    await app.send([identify("k1", { email: "k1@x.io" }), identify("k2", { email: "k2@x.io" })]);
    // The same anonymous id claimed by two known users does not merge them.
    await app.send([
      {
        type: "track",
        event: "email.clicked",
        messageId: "t1",
        userId: "k1",
        anonymousId: "shared",
      },
      {
        type: "track",
        event: "email.clicked",
        messageId: "t2",
        userId: "k2",
        anonymousId: "shared",
      },
    ]);
    const a = await leadIdOf("k1");
    const b = await leadIdOf("k2");
    expect(a).not.toBe(b);
    const merged = await app.services.leads.merge({ into: a, from: b });
    expect(merged.ok && merged.value.id).toBe(a);
    const again = await app.services.leads.merge({ into: b, from: a });
    expect(again.ok && again.value.id).toBe(a);
    const viaOld = await app.services.leads.get(b);
    expect(viaOld.ok && viaOld.value.id).toBe(a);
    const events = await app.services.leads.events(a, { limit: 100 });
    expect(events.ok && events.value.data.length).toBe(4);
    const list = await app.services.leads.list({});
    expect(list.ok && list.value.data.length).toBe(1);
  });

  it("rebuilds the same state from the log after a restart", async () => {
    app = await makeTestApp();
    await app.send([identify("r1", { email: "r1@x.io", jobTitle: "VP Sales" })]);
    const before = await app.services.leads.get(await leadIdOf("r1"));
    await app.running.state.load();
    const after = await app.services.leads.get(await leadIdOf("r1"));
    expect(after).toEqual(before);
  });
});

describe("models", () => {
  it("publishes versions and rescores retroactively, counting band and stage changes", async () => {
    app = await makeTestApp();
    await app.send([
      identify("m1", { email: "m1@x.io", jobTitle: "Head of IT", employees: 500 }),
      identify("m2", { email: "m2@x.io", jobTitle: "student" }),
    ]);
    const generous = exampleModel("saas-main").replace("points: 15\n", "points: 45\n");
    const put = await app.services.models.put({
      id: "saas-main",
      source: { text: generous, format: "yaml" },
      retroactive: true,
    });
    expect(put.ok && put.value).toMatchObject({
      version: 2,
      retroactive: true,
      leadsRescored: 2,
      bandChanges: 1,
      stageChanges: 1,
    });
    const versions = await app.services.models.versions("saas-main");
    expect(versions.ok && versions.value.map((v) => v.version)).toEqual([1, 2]);
    const lead = await app.services.leads.get(await leadIdOf("m1"));
    expect(lead.ok && lead.value.models["saas-main"]).toMatchObject({ band: "hot", stage: "mql" });
  });

  it("refuses invalid models listing each problem, and a mismatched id", async () => {
    app = await makeTestApp();
    const bad = await app.services.models.put({
      id: "x",
      source: { document: { id: "x", bands: "no" } },
      retroactive: false,
    });
    expect(bad.ok ? null : bad.error.code).toBe("invalid");
    expect(bad.ok ? 0 : (bad.error.errors?.length ?? 0)).toBeGreaterThan(0);
    const mismatch = await app.services.models.put({
      id: "other",
      source: { text: exampleModel("saas-main"), format: "yaml" },
      retroactive: false,
    });
    expect(mismatch.ok ? null : mismatch.error.errors?.[0]?.pointer).toBe("/id");
    const yaml = await app.services.models.put({
      id: "x",
      source: { text: "id: [", format: "yaml" },
      retroactive: false,
    });
    expect(yaml.ok).toBe(false);
    expect((await app.services.models.get("nope")).ok).toBe(false);
    expect((await app.services.models.list()).map((m) => m.id)).toEqual(["saas-main"]);
  });

  it("previews a draft's impact without publishing", async () => {
    app = await makeTestApp();
    await app.send([identify("p1", { email: "p1@x.io", jobTitle: "Head of IT", employees: 500 })]);
    const generous = exampleModel("saas-main").replace("points: 15\n", "points: 45\n");
    const preview = await app.services.models.preview("saas-main", {
      text: generous,
      format: "yaml",
    });
    expect(preview.ok && preview.value.bandChanges).toBe(1);
    expect(
      (await app.services.models.versions("saas-main")).ok &&
        (await app.services.models.get("saas-main")),
    ).toMatchObject({ ok: true, value: { version: 1 } });
    const lead = await app.services.leads.get(await leadIdOf("p1"));
    expect(lead.ok && lead.value.models["saas-main"]?.band).toBe("warm");
  });
});

describe("keys", () => {
  it("creates the admin key once, authenticates by hash, revokes", async () => {
    app = await makeTestApp();
    expect(app.adminKey).toMatch(/^sk_/);
    const admin = await app.services.keys.authenticate(app.adminKey ?? "");
    expect(admin?.scopes).toEqual(["admin"]);
    const pk = await app.services.keys.create({
      kind: "publishable",
      name: "site",
      allowedOrigins: ["https://shop.example"],
    });
    expect(pk.ok && pk.value.secret).toMatch(/^pk_/);
    const auth = await app.services.keys.authenticate(pk.ok ? pk.value.secret : "");
    expect(auth).toMatchObject({ kind: "publishable", allowedOrigins: ["https://shop.example"] });
    expect((await app.services.keys.create({ kind: "secret", name: "x", scopes: [] })).ok).toBe(
      false,
    );
    expect(
      (
        await app.services.keys.create({
          kind: "publishable",
          name: "x",
          allowedOrigins: ["not a url"],
        })
      ).ok,
    ).toBe(false);
    const revoked = await app.services.keys.revoke(pk.ok ? pk.value.key.id : "");
    expect(revoked.ok).toBe(true);
    expect(await app.services.keys.authenticate(pk.ok ? pk.value.secret : "")).toBeNull();
    expect(await app.services.keys.authenticate("sk_wrong")).toBeNull();
    expect(await app.running.keys.ensureAdminKey()).toBeNull();
  });
});
