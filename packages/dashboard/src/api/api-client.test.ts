import { describe, expect, it } from "vitest";
import { buildUrl, createApiClient } from "./api-client.ts";
import { fieldErrorsAt } from "./api-error.ts";

interface Call {
  readonly url: string;
  readonly init: RequestInit | undefined;
}

function fakeFetch(response: () => Response) {
  const calls: Call[] = [];
  const impl: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    return response();
  };
  return { calls, impl };
}

function problem(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

describe("buildUrl", () => {
  it("leaves out empty query values", () => {
    expect(buildUrl("", "/v1/leads", { q: "", band: "hot", grade: undefined, limit: 50 })).toBe(
      "/v1/leads?band=hot&limit=50",
    );
  });
});

describe("createApiClient", () => {
  it("sends lead filters and the cursor as the API names them", async () => {
    const fake = fakeFetch(() => Response.json({ data: [], has_more: false, next_cursor: null }));
    const api = createApiClient({ fetch: fake.impl });
    const result = await api.listLeads({
      band: "hot",
      sort: "-activity",
      limit: 50,
      startingAfter: "c1",
    });
    expect(result.ok).toBe(true);
    expect(fake.calls[0]?.url).toBe("/v1/leads?band=hot&sort=-activity&limit=50&starting_after=c1");
  });

  it("posts JSON with the session cookie and the CSRF header; reads send no CSRF header", async () => {
    const fake = fakeFetch(() => Response.json({ user: { email: "a@b.c", role: "agent" } }));
    const api = createApiClient({ fetch: fake.impl });
    await api.signIn("a@b.c", "secret");
    await api.getSession();
    const [post, get] = fake.calls;
    expect(post?.init?.method).toBe("POST");
    expect(post?.init?.credentials).toBe("same-origin");
    expect(post?.init?.body).toBe(JSON.stringify({ email: "a@b.c", password: "secret" }));
    expect(post?.init?.headers).toMatchObject({ "x-leadscore-csrf": "1" });
    expect(get?.init?.headers).not.toHaveProperty("x-leadscore-csrf");
  });

  it("maps problem+json to an error value with field errors and the problem id", async () => {
    const fake = fakeFetch(() =>
      problem(400, {
        type: "about:blank",
        title: "Invalid request",
        status: 400,
        detail: "reason is required",
        instance: "/v1/leads/l1/stage",
        id: "prb_123",
        errors: [{ pointer: "/reason", detail: "Required" }, { pointer: "/model" }],
      }),
    );
    const result = await createApiClient({ fetch: fake.impl }).changeStage("l1", {
      model: "m",
      action: "accept",
      reason: "",
    });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        status: 400,
        title: "Invalid request",
        detail: "reason is required",
        fieldErrors: [{ pointer: "/reason", detail: "Required" }],
        problemId: "prb_123",
      },
    });
    expect(result.ok === false && fieldErrorsAt(result.error, "/reason")).toEqual(["Required"]);
  });

  it.each([
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [413, "too_large"],
    [422, "invalid"],
    [429, "rate_limited"],
    [500, "server"],
    [503, "server"],
  ] as const)("maps status %i to %s even without a problem body", async (status, kind) => {
    const fake = fakeFetch(() => new Response("<html>oops</html>", { status, statusText: "Bad" }));
    const result = await createApiClient({ fetch: fake.impl }).getLead("x");
    expect(result).toEqual({
      ok: false,
      error: { kind, status, title: "Bad", fieldErrors: [] },
    });
  });

  it("turns a failed connection into a network error value", async () => {
    const impl: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const result = await createApiClient({ fetch: impl }).listModels();
    expect(result).toEqual({
      ok: false,
      error: {
        kind: "network",
        status: 0,
        title: "Network error",
        detail: "Failed to fetch",
        fieldErrors: [],
      },
    });
  });

  it("reports an ended session once a data request answers 401, not a failed sign-in", async () => {
    let ended = 0;
    const fake = fakeFetch(() => problem(401, { title: "Authentication required", errors: [] }));
    const api = createApiClient({ fetch: fake.impl, onUnauthorized: () => ended++ });
    await api.signIn("a@b.c", "wrong");
    await api.getSession();
    expect(ended).toBe(0);
    await api.listLeads({});
    expect(ended).toBe(1);
  });

  it("escapes ids in paths", async () => {
    const fake = fakeFetch(() => Response.json({}));
    await createApiClient({ baseUrl: "http://h", fetch: fake.impl }).getLead("a/b c");
    expect(fake.calls[0]?.url).toBe("http://h/v1/leads/a%2Fb%20c");
  });
});
