// The benchmark's model: 30 engagement rules over 12 event types, with where-conditions, a regex, caps and decay.
const click = (
  id: string,
  points: number,
  where?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  id: id.replace(":", "-"),
  points,
  ...extra,
  when: { event: id.split(":")[0], ...(where === undefined ? {} : { where }) },
});

export const benchModelDocument = {
  id: "bench",
  name: "Benchmark model",
  decay: { halfLife: "30d" },
  fit: [{ id: "senior", when: { trait: "jobTitle", matches: "director|vp|chief" }, points: 15 }],
  engagement: [
    click("email.opened:any", 1, undefined, { limit: { times: 5, per: "30d" } }),
    click("email.clicked:any", 5, undefined, { limit: { times: 3, per: "30d" } }),
    click("email.clicked:flagship", 15, { campaignId: "spring-launch" }),
    click("email.clicked:promo", 3, { campaignId: ["promo-1", "promo-2"] }),
    click("page.viewed:pricing", 10, { url: { contains: "/pricing" } }),
    click(
      "page.viewed:docs",
      2,
      { path: { startsWith: "/docs" } },
      { limit: { points: 10, per: "7d" } },
    ),
    click("page.viewed:careers", -5, { url: { matches: "careers|jobs" } }),
    click(
      "page.viewed:blog",
      1,
      { path: { startsWith: "/blog" } },
      { limit: { times: 10, per: "30d" } },
    ),
    click("page.viewed:any", 0.5, undefined, { limit: { points: 5, per: "1d" } }),
    click("form.submitted:contact", 20, { formId: "contact" }),
    click("form.submitted:newsletter", 5, { formId: "newsletter" }),
    click("form.submitted:rich", 10, { fieldsCount: { gte: 6 } }),
    {
      id: "form.submitted-fields",
      when: { event: "form.submitted" },
      points: { per: "fieldsCount", each: 1, max: 10 },
    },
    click("webinar.attended:any", 10),
    click("webinar.attended:long", 5, { minutes: { gte: 30 } }),
    click("content.downloaded:ebook", 8, { kind: "ebook" }),
    click("content.downloaded:video", 6, { kind: "video" }),
    click("content.downloaded:roi", 4, { title: { matches: "roi|pricing" } }),
    click("chatbot.completed:any", 5),
    click("chatbot.completed:rich", 21, { fieldsCount: { gte: 5 } }),
    click("demo.requested:any", 30),
    click("demo.requested:enterprise", 10, { employees: { gte: 1000 } }),
    click("campaign.unsubscribed:any", -20, undefined, { decay: "none" }),
    click("support.contacted:any", -5),
    click("support.contacted:billing", -5, { topic: "billing" }),
    click("social.interacted:like", 1, { action: "like" }, { limit: { times: 5, per: "30d" } }),
    click("social.interacted:share", 3, { action: "share" }),
    click("newsletter.subscribed:any", 5),
    click("email.opened:flagship", 2, { campaignId: "spring-launch" }),
    click(
      "page.viewed:search",
      1,
      { referrer: { contains: "google" } },
      { decay: { halfLife: "7d" } },
    ),
  ],
  stages: [
    { stage: "mql", when: { score: { gte: 41 } } },
    { stage: "sql", when: { event: "demo.requested" } },
  ],
};

type Rule = (typeof benchModelDocument.engagement)[number];

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)] as T;

/** Properties by event type, drawn from a seeded random source so every run scores the same events. */
export function eventProperties(type: string, random: () => number): Record<string, unknown> {
  switch (type) {
    case "email.opened":
    case "email.clicked":
      return {
        campaignId: pick(
          ["spring-launch", "promo-1", "promo-2", "newsletter-7", "newsletter-8"],
          random(),
        ),
      };
    case "page.viewed": {
      const path = pick(
        ["/pricing", "/docs/setup", "/blog/launch", "/careers", "/", "/features"],
        random(),
      );
      return {
        url: `https://acme.io${path}`,
        path,
        referrer: random() < 0.3 ? "https://www.google.com/" : "",
      };
    }
    case "form.submitted":
      return {
        formId: pick(["contact", "newsletter", "trial"], random()),
        fieldsCount: Math.floor(random() * 10),
      };
    case "webinar.attended":
      return { minutes: Math.floor(random() * 60) };
    case "content.downloaded":
      return {
        kind: pick(["ebook", "video", "whitepaper"], random()),
        title: pick(["ROI guide", "Intro", "Pricing FAQ"], random()),
      };
    case "chatbot.completed":
      return { fieldsCount: Math.floor(random() * 8) };
    case "demo.requested":
      return { employees: Math.floor(random() * 3000) };
    case "support.contacted":
      return { topic: pick(["billing", "bug", "howto"], random()) };
    case "social.interacted":
      return { action: pick(["like", "share", "comment"], random()) };
    default:
      return {};
  }
}

/** Event types weighted roughly as real traffic: page views and email dominate. */
export const EVENT_MIX = [
  ...Array<string>(8).fill("page.viewed"),
  ...Array<string>(4).fill("email.opened"),
  ...Array<string>(3).fill("email.clicked"),
  "form.submitted",
  "webinar.attended",
  "content.downloaded",
  "chatbot.completed",
  "demo.requested",
  "campaign.unsubscribed",
  "support.contacted",
  "social.interacted",
  "newsletter.subscribed",
  "app.heartbeat",
];

const OPERATORS: Record<string, string> = {
  gte: "greaterThanInclusive",
  contains: "containsText",
  startsWith: "startsWithText",
  matches: "matchesRegex",
};

/** The same 30 rules as json-rules-engine rules over flat facts (`type` plus the event's properties). */
export function jsonRulesEngineRules(): {
  conditions: { all: unknown[] };
  event: { type: string; params: { points: unknown } };
}[] {
  return benchModelDocument.engagement.map((rule: Rule) => {
    const all: unknown[] = [{ fact: "type", operator: "equal", value: rule.when.event }];
    for (const [fact, test] of Object.entries(
      (rule.when as { where?: Record<string, unknown> }).where ?? {},
    )) {
      if (Array.isArray(test)) all.push({ fact, operator: "in", value: test });
      else if (typeof test === "object" && test !== null) {
        const [op, value] = Object.entries(test)[0] as [string, unknown];
        all.push({ fact, operator: OPERATORS[op] ?? op, value });
      } else all.push({ fact, operator: "equal", value: test });
    }
    return { conditions: { all }, event: { type: rule.id, params: { points: rule.points } } };
  });
}
