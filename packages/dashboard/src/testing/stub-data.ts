import type { Explanation, Lead, LeadSummary, QueueEntry, ScorePoint } from "../api/api-types.ts";

// Deterministic sample data shaped like the /v1 contract, for the browser tests of the dashboard.

const HOUR_MS = 3_600_000;
// The top of the current hour: the browser shows times relative to its own clock ("5 hours ago").
export const STUB_NOW_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;

const firstNames = ["Ana", "Bruno", "Carmen", "Diego", "Elena", "Farid", "Greta", "Hugo", "Irene"];
const lastNames = ["García", "Smith", "López", "Müller", "Rossi", "Nakamura", "Silva", "Dubois"];
const companies = ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries"];
const stages = ["lead", "mql", "sql", "opportunity", "lead", "mql"];

export function bandOf(score: number): string {
  return score >= 70 ? "hot" : score >= 40 ? "warm" : "cold";
}

function gradeOf(index: number): string {
  return ["A", "B", "C", "D"][index % 4] ?? "D";
}

/** A lead with its standing under the main model (`b2b`) flattened, for easy filtering. */
export interface StubLead extends Omit<LeadSummary, "models"> {
  readonly score: number;
  readonly band: string;
  readonly stage: string;
  readonly grade: string;
}

/** The lead as the list endpoint sends it: a standing per model. */
export function toLeadSummary(lead: StubLead): LeadSummary {
  const { score, band, stage, grade, ...rest } = lead;
  return {
    ...rest,
    models: {
      b2b: { score, band, stage, grade },
      "product-led": { score: 12, band: "cold", stage: "lead", grade: "C" },
    },
  };
}

export function buildLeads(count: number): StubLead[] {
  return Array.from({ length: count }, (_, index) => {
    const first = firstNames[index % firstNames.length] ?? "Ana";
    const last = lastNames[(index * 7) % lastNames.length] ?? "García";
    const score = (index * 37) % 101;
    return {
      id: `lead_${String(index + 1).padStart(4, "0")}`,
      userId: `user-${index + 1}`,
      name: `${first} ${last}`,
      email: `${first}.${last}${index}@example.com`.toLowerCase(),
      company: companies[index % companies.length] ?? null,
      score,
      band: bandOf(score),
      stage: stages[index % stages.length] ?? "lead",
      grade: gradeOf(index),
      lastActivityAt: STUB_NOW_MS - (index + 1) * 5 * HOUR_MS,
    };
  });
}

export function buildLead(
  summary: StubLead,
  manualStages: Lead["models"][string]["stageHistory"],
): Lead {
  const score = summary.score;
  return {
    id: summary.id,
    userId: summary.userId ?? null,
    anonymousIds: ["anon-7f3a"],
    email: summary.email ?? null,
    name: summary.name ?? null,
    company: summary.company ?? null,
    traits: { title: "VP Marketing", industry: "Software", employees: 12345, country: "ES" },
    createdAt: STUB_NOW_MS - 30 * 24 * HOUR_MS,
    lastActivityAt: summary.lastActivityAt ?? null,
    models: {
      b2b: {
        score,
        fit: 20,
        engagement: score - 20,
        band: summary.band,
        stage: manualStages.at(-1)?.stage ?? summary.stage,
        grade: summary.grade,
        scoredAt: STUB_NOW_MS,
        stageHistory: [
          {
            stage: "lead",
            from: "anonymous",
            at: STUB_NOW_MS - 20 * 24 * HOUR_MS,
            cause: "identified",
          },
          {
            stage: "mql",
            from: "lead",
            at: STUB_NOW_MS - 2 * 24 * HOUR_MS,
            cause: "rule:0",
          },
          ...manualStages,
        ],
      },
      "product-led": {
        score: 12,
        fit: 5,
        engagement: 7,
        band: "cold",
        stage: "lead",
        grade: "C",
        stageHistory: [],
      },
    },
    feedback: [],
  };
}

/** A ledger whose lines add up to `score` exactly, ending with decay. */
export function buildExplanation(modelId: string, score: number): Explanation {
  const fit = 20;
  const decay = -3.5;
  const pricing = 15;
  const rest = score - fit - pricing - decay;
  return {
    modelId,
    score: Math.round(score),
    rawScore: score,
    ledger: [
      { kind: "fit", ruleId: "title-is-vp", points: fit, basePoints: fit, traits: ["title"] },
      {
        kind: "engagement",
        ruleId: "pricing-page",
        points: pricing,
        basePoints: 20,
        decayFactor: 0.75,
        eventType: "page.viewed",
        messageId: "m-pricing",
        occurredAt: STUB_NOW_MS - 48 * HOUR_MS,
      },
      {
        kind: "engagement",
        ruleId: "webinar-attended",
        points: rest,
        basePoints: rest,
        eventType: "webinar.attended",
        messageId: "m-webinar",
        occurredAt: STUB_NOW_MS - 5 * HOUR_MS,
      },
      { kind: "decay", ruleId: "decay", points: decay, basePoints: 0 },
    ],
  };
}

export function buildHistory(score: number): ScorePoint[] {
  const steps = [0.2, 0.35, 0.5, 0.45, 0.7, 0.85, 1];
  return steps.map((share, index) => ({
    at: STUB_NOW_MS - (steps.length - index) * 36 * HOUR_MS,
    score: Math.round(score * share),
    band: bandOf(score * share),
    messageId: `m-${index}`,
    eventType: ["page.viewed", "email.clicked", "form.submitted", "decay", "webinar.attended"][
      index % 5
    ],
  }));
}

export function queueEntryOf(lead: StubLead, reason: string): QueueEntry {
  return {
    leadId: lead.id,
    userId: lead.userId ?? null,
    name: lead.name ?? null,
    email: lead.email ?? null,
    company: lead.company ?? null,
    score: lead.score ?? 0,
    band: lead.band ?? "cold",
    grade: lead.grade ?? null,
    lastActivityAt: lead.lastActivityAt ?? null,
    reason,
  };
}
