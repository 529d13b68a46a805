import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AuthContext, Scope, StreamTokenService } from "./app-services.ts";
import type { ServiceState } from "./service-state.ts";

const SECRET_META = "stream-token-secret";
/** Long enough for EventSource to reconnect after a blip, short enough that a leaked URL soon dies. */
export const STREAM_TOKEN_TTL_MS = 15 * 60_000;

interface TokenBody {
  readonly k: string;
  readonly n: AuthContext["kind"];
  readonly s: readonly Scope[];
  readonly e: number;
}

/**
 * Signed, short-lived stream tokens (`?token=`) for EventSource, which cannot send headers. The secret
 * lives in the store, so every process sharing the database accepts them.
 */
export class StreamTokens implements StreamTokenService {
  readonly #state: ServiceState;
  readonly #isRevoked: (keyId: string) => boolean;
  #secret: Buffer | null = null;

  constructor(state: ServiceState, isRevoked: (keyId: string) => boolean) {
    this.#state = state;
    this.#isRevoked = isRevoked;
  }

  async #key(): Promise<Buffer> {
    if (this.#secret !== null) return this.#secret;
    const state = this.#state;
    // Read and written under the store's write lock, so every process ends up with the same secret.
    const stored =
      (await state.store.getMeta(SECRET_META)) ??
      (await state.exclusive(async () => {
        const existing = await state.store.getMeta(SECRET_META);
        if (existing !== null) return existing;
        const fresh = randomBytes(32).toString("base64url");
        await state.commit({ meta: { [SECRET_META]: fresh } });
        return fresh;
      }));
    this.#secret = Buffer.from(stored, "base64url");
    return this.#secret;
  }

  async issue(auth: AuthContext): Promise<{ token: string; expiresAt: number }> {
    const expiresAt = this.#state.now() + STREAM_TOKEN_TTL_MS;
    const body: TokenBody = { k: auth.keyId, n: auth.kind, s: auth.scopes, e: expiresAt };
    const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
    const mac = createHmac("sha256", await this.#key())
      .update(payload)
      .digest("base64url");
    return { token: `st_${payload}.${mac}`, expiresAt };
  }

  async verify(token: string): Promise<AuthContext | null> {
    const match = /^st_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (match === null) return null;
    const [, payload = "", mac = ""] = match;
    const expected = createHmac("sha256", await this.#key())
      .update(payload)
      .digest();
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let body: TokenBody;
    try {
      body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenBody;
    } catch {
      return null;
    }
    if (body.e <= this.#state.now() || body.n !== "secret" || this.#isRevoked(body.k)) return null;
    return { keyId: body.k, kind: body.n, scopes: body.s, allowedOrigins: [] };
  }
}
