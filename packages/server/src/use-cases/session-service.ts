import { randomBytes } from "node:crypto";
import type { SessionRow, UserRow } from "../ports/store.ts";
import type {
  AuthContext,
  ChangePasswordInput,
  ServiceResult,
  SessionInfo,
  SessionService,
  SignedIn,
  SignInInput,
} from "./app-services.ts";
import { invalid, ok } from "./lead-views.ts";
import { hashPassword, type ScryptCost, verifyPassword } from "./password-hash.ts";
import { ROLE_SCOPES } from "./roles.ts";
import { hashIdentifier, type ServiceState } from "./service-state.ts";
import type { SignInThrottle } from "./sign-in-throttle.ts";
import { normaliseUserEmail, passwordProblem, toUserSummary } from "./user-service.ts";

export interface SessionOptions {
  /** A session unused for this long ends. */
  readonly idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  readonly absoluteMs: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  idleMs: 12 * 3_600_000,
  absoluteMs: 7 * 24 * 3_600_000,
};

// The idle clock is written at most this often, so reading a page does not write on every request.
const TOUCH_EVERY_MS = 60_000;
const MAX_TOKEN_LENGTH = 100;

const wrongCredentials = {
  ok: false as const,
  error: { code: "unauthenticated" as const, detail: "The email or password is not right." },
};

export class SessionServiceImpl implements SessionService {
  readonly #state: ServiceState;
  readonly #options: SessionOptions;
  readonly #throttle: SignInThrottle;
  readonly #cost: ScryptCost;
  #dummyHash: Promise<string> | undefined;

  constructor(
    state: ServiceState,
    options: SessionOptions,
    throttle: SignInThrottle,
    cost: ScryptCost,
  ) {
    this.#state = state;
    this.#options = options;
    this.#throttle = throttle;
    this.#cost = cost;
  }

  #throttled(email: string, clientIp: string | null): ServiceResult<never> | null {
    const waitMs = this.#throttle.retryAfterMs(email, clientIp);
    if (waitMs === 0) return null;
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    return {
      ok: false,
      error: {
        code: "rate_limited",
        detail: `Too many failed sign-ins; try again in ${retryAfterSeconds} s.`,
        retryAfterSeconds,
      },
    };
  }

  async signIn(input: SignInInput): Promise<ServiceResult<SignedIn>> {
    const state = this.#state;
    const email = normaliseUserEmail(input.email);
    const throttled = this.#throttled(email, input.clientIp);
    if (throttled !== null) return throttled;
    const user = await state.store.userByEmail(email);
    // An unknown email costs the same hashing time as a known one, so timing does not tell them apart.
    const stored = user?.passwordHash ?? (await this.#dummy());
    const matches = await verifyPassword(input.password, stored);
    if (user === null || !matches || user.disabledAt !== null) {
      this.#throttle.fail(email, input.clientIp);
      return wrongCredentials;
    }
    const started = await this.#start(user, input.previousToken);
    if (started === null) return wrongCredentials;
    this.#throttle.succeed(email);
    return ok(started);
  }

  async #start(user: UserRow, previousToken: string | null): Promise<SignedIn | null> {
    const token = randomBytes(32).toString("base64url");
    const now = this.#state.now();
    const row: SessionRow = {
      tokenHash: hashIdentifier(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.#options.absoluteMs,
    };
    const replaces =
      previousToken === null || previousToken.length > MAX_TOKEN_LENGTH
        ? null
        : hashIdentifier(previousToken);
    const started = await this.#state.store.startSession(row, {
      passwordHash: user.passwordHash,
      replaces,
      now,
    });
    return started ? { token, session: this.#info(user, row) } : null;
  }

  async changePassword(input: ChangePasswordInput): Promise<ServiceResult<SignedIn>> {
    const state = this.#state;
    const found = await this.authenticate(input.token);
    const user = found === null ? null : await state.store.userById(found.auth.keyId);
    if (user === null) {
      return { ok: false, error: { code: "unauthenticated", detail: "Not signed in." } };
    }
    const throttled = this.#throttled(user.email, input.clientIp);
    if (throttled !== null) return throttled;
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      this.#throttle.fail(user.email, input.clientIp);
      return invalid("/currentPassword", "the current password is not right");
    }
    const problem = passwordProblem(input.newPassword);
    if (problem !== null) return invalid("/newPassword", problem);
    const at = state.now();
    const next: UserRow = {
      ...user,
      passwordHash: await hashPassword(input.newPassword, this.#cost),
      updatedAt: at,
    };
    await state.commit({
      users: [next],
      endSessionsOfUsers: [user.id],
      audit: [{ at, action: "user.password_changed", detail: { userId: user.id } }],
    });
    this.#throttle.succeed(user.email);
    const started = await this.#start(next, null);
    if (started === null) {
      return { ok: false, error: { code: "unauthenticated", detail: "Sign in again." } };
    }
    return ok(started);
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword("not a password anyone has", this.#cost);
    return this.#dummyHash;
  }

  async authenticate(
    token: string,
  ): Promise<{ readonly auth: AuthContext; readonly session: SessionInfo } | null> {
    if (token === "" || token.length > MAX_TOKEN_LENGTH) return null;
    const store = this.#state.store;
    const tokenHash = hashIdentifier(token);
    const row = await store.sessionByHash(tokenHash);
    if (row === null) return null;
    const now = this.#state.now();
    if (row.expiresAt <= now || row.lastSeenAt + this.#options.idleMs <= now) return null;
    const user = await store.userById(row.userId);
    if (user === null || user.disabledAt !== null) return null;
    let seen = row;
    if (now - row.lastSeenAt >= TOUCH_EVERY_MS) {
      await store.commit({ touchSessions: [{ tokenHash, at: now }] });
      seen = { ...row, lastSeenAt: now };
    }
    const session = this.#info(user, seen);
    const auth: AuthContext = {
      keyId: user.id,
      kind: "session",
      scopes: session.scopes,
      allowedOrigins: [],
      userId: user.id,
      role: user.role,
    };
    return { auth, session };
  }

  async signOut(token: string): Promise<void> {
    if (token === "" || token.length > MAX_TOKEN_LENGTH) return;
    await this.#state.commit({ endSessions: [hashIdentifier(token)] });
  }

  #info(user: UserRow, row: SessionRow): SessionInfo {
    return {
      user: toUserSummary(user),
      scopes: ROLE_SCOPES[user.role],
      expiresAt: row.expiresAt,
      idleExpiresAt: Math.min(row.expiresAt, row.lastSeenAt + this.#options.idleMs),
    };
  }
}
