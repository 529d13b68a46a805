/** What the signed-in user's scopes allow the interface to show; the server enforces the same. */
export type Area = "leads" | "queue" | "settings" | "models" | "evaluation";

const NEEDS: Record<Area, string> = {
  leads: "leads:read",
  queue: "queues:work",
  settings: "admin",
  // Marketers and admins shape models and read evaluations; agents do not see them.
  models: "models:write",
  evaluation: "models:write",
};

export function canSee(scopes: readonly string[], area: Area): boolean {
  return scopes.includes("admin") || scopes.includes(NEEDS[area]);
}

export function canWriteLeads(scopes: readonly string[]): boolean {
  return scopes.includes("admin") || scopes.includes("leads:write");
}
