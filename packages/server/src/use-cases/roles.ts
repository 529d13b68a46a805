import type { Role, Scope } from "./app-services.ts";

/**
 * What a dashboard user may do, as key scopes, so every route authorises a session exactly like a
 * key. Marketers shape models and read leads; agents work leads and queues; admins do everything.
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  admin: ["admin"],
  marketer: ["leads:read", "models:write"],
  agent: ["leads:read", "leads:write", "queues:work"],
};
