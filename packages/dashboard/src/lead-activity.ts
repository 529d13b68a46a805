import type { LeadEvent } from "./api/api-types.ts";

/** What a lead did, as an agent reads it: a page seen, a call's outcome, details given, or an event. */
export type Activity =
  | { readonly kind: "page"; readonly page: string }
  | { readonly kind: "call"; readonly outcome: string }
  | { readonly kind: "identify" }
  | { readonly kind: "event"; readonly name: string };

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;

/** A page's path (`/pricing`), from the path the snippet sends or else the URL; the title when neither. */
function pageOf(properties: Readonly<Record<string, unknown>>): string | null {
  const path = text(properties.path);
  if (path !== null) return path;
  const url = text(properties.url);
  if (url !== null) {
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  }
  return text(properties.title) ?? text(properties.name);
}

export function activityOf(event: LeadEvent): Activity {
  if (event.type === "identify") return { kind: "identify" };
  if (event.type === "page") return { kind: "page", page: pageOf(event.properties) ?? "/" };
  const outcome = text(event.properties.outcome);
  if (event.event.startsWith("call.") && outcome !== null) return { kind: "call", outcome };
  return { kind: "event", name: event.event };
}
