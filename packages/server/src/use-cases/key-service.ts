import { randomBytes } from "node:crypto";
import type { ApiKeyRow } from "../ports/store.ts";
import {
  ALL_SCOPES,
  type AuthContext,
  type CreatedKey,
  type CreateKeyInput,
  type KeyService,
  type KeySummary,
  type Scope,
  type ServiceResult,
} from "./app-services.ts";
import { invalid, notFound, ok } from "./lead-views.ts";
import { hashIdentifier, type ServiceState } from "./service-state.ts";

const ADMIN_KEY_META = "admin-key-created-at";

function toSummary(row: ApiKeyRow): KeySummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    scopes: row.scopes as Scope[],
    allowedOrigins: row.allowedOrigins,
    prefix: row.prefix,
    createdAt: row.createdAt,
    ...(row.kind === "publishable" && typeof row.publicKey === "string"
      ? { publishableKey: row.publicKey }
      : {}),
  };
}

function validOrigin(origin: string): boolean {
  if (origin === "*") return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === origin;
  } catch {
    return false;
  }
}

/** Keys are 32 random bytes (base64url), so a plain SHA-256 is enough to store them. */
export class KeyServiceImpl implements KeyService {
  readonly #state: ServiceState;
  /** hash → key, revoked keys left out; kept in memory because every request authenticates. */
  #byHash = new Map<string, ApiKeyRow>();

  constructor(state: ServiceState) {
    this.#state = state;
    state.onRemoteUnit((unit) => {
      for (const row of unit.keys ?? [])
        if (row.revokedAt === null) this.#byHash.set(row.hash, row);
      for (const { id } of unit.revokeKeys ?? []) {
        for (const [hash, row] of this.#byHash) if (row.id === id) this.#byHash.delete(hash);
      }
    });
  }

  async load(): Promise<void> {
    this.#byHash = new Map(
      (await this.#state.store.keys()).filter((k) => k.revokedAt === null).map((k) => [k.hash, k]),
    );
  }

  async list(): Promise<readonly KeySummary[]> {
    return (await this.#state.store.keys()).filter((k) => k.revokedAt === null).map(toSummary);
  }

  create(input: CreateKeyInput): Promise<ServiceResult<CreatedKey>> {
    return this.#state.exclusive(() => this.#create(input, {}));
  }

  async #create(
    input: CreateKeyInput,
    meta: Record<string, string>,
  ): Promise<ServiceResult<CreatedKey>> {
    const state = this.#state;
    const name = input.name.trim();
    if (name === "" || name.length > 200) return invalid("/name", "name must be 1–200 characters");
    const scopes = input.kind === "secret" ? [...new Set(input.scopes ?? [])] : [];
    if (input.kind === "secret") {
      if (scopes.length === 0) return invalid("/scopes", "a secret key needs at least one scope");
      const unknown = scopes.find((s) => !ALL_SCOPES.includes(s));
      if (unknown !== undefined) return invalid("/scopes", `unknown scope "${unknown}"`);
    } else if (input.scopes !== undefined && input.scopes.length > 0) {
      return invalid("/scopes", "publishable keys only collect events; they take no scopes");
    }
    const origins = input.kind === "publishable" ? [...new Set(input.allowedOrigins ?? [])] : [];
    if (input.kind === "publishable" && origins.length === 0) {
      return invalid("/allowedOrigins", "a publishable key needs at least one allowed origin");
    }
    const badOrigin = origins.find((o) => !validOrigin(o));
    if (badOrigin !== undefined) {
      return invalid(
        "/allowedOrigins",
        `"${badOrigin}" is not an origin like https://shop.example`,
      );
    }
    const secret = `${input.kind === "secret" ? "sk" : "pk"}_${randomBytes(32).toString("base64url")}`;
    const row: ApiKeyRow = {
      id: state.newId("key"),
      kind: input.kind,
      name,
      scopes,
      allowedOrigins: origins,
      hash: hashIdentifier(secret),
      prefix: secret.slice(0, 9),
      createdAt: state.now(),
      revokedAt: null,
      ...(input.kind === "publishable" ? { publicKey: secret } : {}),
    };
    await state.commit({
      keys: [row],
      meta,
      audit: [
        { at: row.createdAt, action: "key.created", detail: { keyId: row.id, kind: row.kind } },
      ],
    });
    this.#byHash.set(row.hash, row);
    return ok({ key: toSummary(row), secret });
  }

  /** The admin key on first start; null when one was made before (it is shown only once). */
  ensureAdminKey(): Promise<string | null> {
    const state = this.#state;
    return state.exclusive(async () => {
      if ((await state.store.getMeta(ADMIN_KEY_META)) !== null) return null;
      const created = await this.#create(
        { kind: "secret", name: "admin (first start)", scopes: ["admin"] },
        { [ADMIN_KEY_META]: String(state.now()) },
      );
      return created.ok ? created.value.secret : null;
    });
  }

  revoke(id: string): Promise<ServiceResult<{ readonly id: string }>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const row = [...this.#byHash.values()].find((k) => k.id === id);
      if (row === undefined) return notFound(`key ${id}`);
      const at = state.now();
      await state.commit({
        revokeKeys: [{ id, at }],
        audit: [{ at, action: "key.revoked", detail: { keyId: id } }],
      });
      this.#byHash.delete(row.hash);
      return ok({ id });
    });
  }

  /** Whether a key id names a key that exists and is not revoked. */
  isActive(keyId: string): boolean {
    for (const row of this.#byHash.values()) if (row.id === keyId) return true;
    return false;
  }

  async authenticate(rawKey: string): Promise<AuthContext | null> {
    if (!rawKey.startsWith("sk_") && !rawKey.startsWith("pk_")) return null;
    const row = this.#byHash.get(hashIdentifier(rawKey));
    if (row === undefined) return null;
    return {
      keyId: row.id,
      kind: row.kind,
      scopes: row.scopes as Scope[],
      allowedOrigins: row.allowedOrigins,
    };
  }
}
