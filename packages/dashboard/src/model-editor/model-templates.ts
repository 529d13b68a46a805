// Starting points for a new model: an empty one with the default bands, and a small B2B starter.
import type { Json } from "./json-path.ts";

export const MODEL_TEMPLATES = ["blank", "b2b"] as const;
export type ModelTemplate = (typeof MODEL_TEMPLATES)[number];

export function templateDocument(template: ModelTemplate, id: string, name: string): Json {
  const base = {
    id,
    name,
    scale: { min: 0, max: 100 },
    bands: [
      { name: "cold", from: 0 },
      { name: "warm", from: 21 },
      { name: "hot", from: 41 },
    ],
  };
  if (template === "blank") return { ...base, fit: [], engagement: [], decay: "none", stages: [] };
  return {
    ...base,
    fit: [
      {
        id: "senior-title",
        when: { trait: "jobTitle", matches: "director|head|vp|chief" },
        points: 15,
      },
      { id: "company-size", when: { trait: "employees", gte: 50 }, points: 10 },
    ],
    engagement: [
      {
        id: "pricing-page",
        when: { event: "page.viewed", where: { url: { contains: "/pricing" } } },
        points: 10,
        limit: { times: 3, per: "30d" },
      },
      {
        id: "email-click",
        when: { event: "email.clicked" },
        points: 5,
        limit: { times: 3, per: "30d" },
      },
      { id: "unsubscribed", when: { event: "campaign.unsubscribed" }, points: -20 },
    ],
    decay: { halfLife: "30d" },
    stages: [
      { stage: "mql", when: { score: { gte: 41 } } },
      { stage: "sql", when: { event: "demo.requested" } },
    ],
  };
}

/** A model id from a name: lower-case letters, digits and dashes. */
export function idFromName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
