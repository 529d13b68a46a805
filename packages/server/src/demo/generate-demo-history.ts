import { seededRandom as random } from "@leadscore/core";

// A realistic synthetic history for `serve --demo`, tests and backtests: deterministic from a seed.
const DAY_MS = 86_400_000;

export interface DemoOptions {
  readonly seed?: number;
  readonly leads?: number;
  readonly days?: number;
  /** Epoch ms of the end of the history. */
  readonly endAt: number;
}

/** A Segment-style message with an explicit `timestamp` (historical import). */
export type DemoMessage = Readonly<Record<string, unknown>> & {
  readonly messageId: string;
  readonly timestamp: string;
};

export interface DemoHistory {
  readonly messages: readonly DemoMessage[];
  /** userIds of the leads that converted (`deal.won`), for checking backtests. */
  readonly convertedUserIds: readonly string[];
}

const FIRST = [
  "Ana",
  "Ben",
  "Chloé",
  "David",
  "Emma",
  "Farid",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Kim",
  "Lena",
];
const LAST = [
  "Silva",
  "Meyer",
  "Dubois",
  "Rossi",
  "Novak",
  "Jensen",
  "Kowalski",
  "Moreau",
  "Schmidt",
  "Costa",
];
const COMPANIES = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark",
  "Wayne",
  "Tyrell",
  "Cyberdyne",
];
const SENIOR = ["Head of Sales", "VP Marketing", "Director of IT", "Chief Revenue Officer"];
const OTHER = ["Sales Rep", "Marketing Manager", "Engineer", "Consultant", "Student", "Intern"];
const CAMPAIGNS = ["spring-launch", "newsletter-04", "newsletter-05", "webinar-q2"];
const PAGES = [
  "/blog/scoring-101",
  "/pricing",
  "/features",
  "/blog/mql-vs-sql",
  "/models/suv",
  "/offers/spring",
];

export function generateDemoHistory(options: DemoOptions): DemoHistory {
  const rand = random(options.seed ?? 42);
  const leadCount = options.leads ?? 3000;
  const days = options.days ?? 90;
  const startAt = options.endAt - days * DAY_MS;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const messages: DemoMessage[] = [];
  const converted: string[] = [];
  let counter = 0;
  // A lead's story stops at the end of the window rather than piling its later events onto the last
  // instant: clamped, hundreds of leads would share one "last activity" and grade alike.
  const push = (at: number, body: Record<string, unknown>): void => {
    messages.push({
      ...body,
      messageId: `demo-${options.seed ?? 42}-${++counter}`,
      timestamp: new Date(at).toISOString(),
    });
  };
  for (let i = 0; i < leadCount; i++) {
    const interest = rand();
    const senior = rand() < 0.3;
    const employees = Math.round(5 + rand() * rand() * 2000);
    const anonymousId = `anon-${i}`;
    const userId = `user-${i}`;
    const firstAt = startAt + rand() * (days - 3) * DAY_MS;
    const eventCount = 1 + Math.floor(interest * 18 + rand() * 4);
    const identifyAfter = rand() < 0.35 + 0.6 * interest ? 1 + Math.floor(rand() * eventCount) : -1;
    let at = firstAt;
    let identified = false;
    for (let e = 0; e < eventCount; e++) {
      at += rand() * 4 * DAY_MS * (1.2 - interest);
      if (at > options.endAt) break;
      const known = identifyAfter >= 0 && e >= identifyAfter;
      const who = known ? { userId, anonymousId } : { anonymousId };
      if (e === identifyAfter) {
        identified = true;
        const first = pick(FIRST);
        const last = pick(LAST);
        const company = pick(COMPANIES);
        push(at, {
          type: "identify",
          ...who,
          traits: {
            email: `${first}.${last}.${i}@${company.toLowerCase()}.example`.toLowerCase(),
            firstName: first,
            lastName: last,
            company,
            jobTitle: senior ? pick(SENIOR) : pick(OTHER),
            employees,
            budget: Math.round(rand() * 40_000 * (0.5 + interest)),
            timeframeMonths: Math.ceil(rand() * 12 * (1.2 - interest)),
            fleetSize: Math.floor(rand() * 10),
            drivingLicence: rand() < 0.9,
            postcodeDistanceKm: Math.round(rand() * 120),
          },
        });
        continue;
      }
      const roll = rand();
      if (roll < 0.4) {
        const path = rand() < 0.15 + 0.35 * interest ? "/pricing" : pick(PAGES);
        push(at, {
          type: "page",
          ...who,
          properties: { url: `https://demo.example${path}`, path },
        });
      } else if (roll < 0.7) {
        push(at, {
          type: "track",
          ...who,
          event: "email.clicked",
          properties: { campaignId: pick(CAMPAIGNS) },
        });
      } else if (roll < 0.8) {
        push(at, {
          type: "track",
          ...who,
          event: "chatbot.completed",
          properties: { fieldsCount: Math.floor(rand() * 9) },
        });
      } else if (roll < 0.86) {
        push(at, { type: "track", ...who, event: "configurator.completed", properties: {} });
      } else if (roll < 0.9 && known && interest > 0.5) {
        push(at, { type: "track", ...who, event: "demo.requested", properties: {} });
      } else if (roll < 0.94) {
        push(at, { type: "track", ...who, event: "support.contacted", properties: {} });
      } else if (interest < 0.3) {
        push(at, { type: "track", ...who, event: "campaign.unsubscribed", properties: {} });
      } else {
        push(at, { type: "track", ...who, event: "test-drive.booked", properties: {} });
      }
    }
    const fitBoost = (senior ? 1 : 0) + (employees >= 50 ? 0.7 : 0);
    const chance = 1 / (1 + Math.exp(-(-4.2 + 4 * interest + fitBoost)));
    const wonAt = at + (2 + rand() * 10) * DAY_MS;
    if (identified && rand() < chance && wonAt <= options.endAt) {
      push(wonAt, {
        type: "track",
        userId,
        event: "deal.won",
        properties: { amount: Math.round(5000 + rand() * 50_000) },
      });
      converted.push(userId);
    }
  }
  messages.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  return { messages, convertedUserIds: converted };
}
