import { createUuid } from "./create-uuid.ts";
import { readCookie, readLocal, writeCookie, writeLocal } from "./storage.ts";

const anonymousIdKey = "ls_aid";
const userIdKey = "ls_uid";
const cookieMaxAgeSeconds = 365 * 24 * 60 * 60;

export type Identity = { anonymousId: string; userId: string | null };

/** Reads the visitor's ids, recovering the anonymous id from the cookie or localStorage. */
export function loadIdentity(): Identity {
  const anonymousId = readCookie(anonymousIdKey) ?? readLocal(anonymousIdKey) ?? createUuid();
  saveAnonymousId(anonymousId);
  return { anonymousId, userId: readLocal(userIdKey) };
}

export function saveAnonymousId(anonymousId: string): void {
  writeCookie(anonymousIdKey, anonymousId, cookieMaxAgeSeconds);
  writeLocal(anonymousIdKey, anonymousId);
}

export function saveUserId(userId: string | null): void {
  writeLocal(userIdKey, userId);
}
