import type { UserRow } from "../ports/store.ts";
import {
  type CreateUserInput,
  ROLES,
  type ServiceError,
  type ServiceResult,
  type UpdateUserInput,
  type UserService,
  type UserSummary,
  type UserWithPassword,
} from "./app-services.ts";
import { invalid, notFound, ok } from "./lead-views.ts";
import { generatePassword, hashPassword, type ScryptCost } from "./password-hash.ts";
import type { ServiceState } from "./service-state.ts";

const FIRST_ADMIN_META = "first-admin-created-at";
const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

export function normaliseUserEmail(email: string): string {
  return email.trim().toLowerCase();
}

function validEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email);
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `a password has at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  }
  return null;
}

export function toUserSummary(row: UserRow): UserSummary {
  const { id, email, role, createdAt, updatedAt, disabledAt } = row;
  return { id, email, role, createdAt, updatedAt, disabledAt };
}

const conflict = (pointer: string, detail: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code: "conflict", detail, errors: [{ pointer, detail }] },
});

const isActiveAdmin = (u: UserRow) => u.role === "admin" && u.disabledAt === null;

export class UserServiceImpl implements UserService {
  readonly #state: ServiceState;
  readonly #cost: ScryptCost;

  constructor(state: ServiceState, cost: ScryptCost) {
    this.#state = state;
    this.#cost = cost;
  }

  async list(): Promise<readonly UserSummary[]> {
    return (await this.#state.store.users()).map(toUserSummary);
  }

  async get(idOrEmail: string): Promise<ServiceResult<UserSummary>> {
    const row = await this.#find(idOrEmail);
    return row === null ? notFound(`user ${idOrEmail}`) : ok(toUserSummary(row));
  }

  #find(idOrEmail: string): Promise<UserRow | null> {
    const store = this.#state.store;
    return idOrEmail.includes("@")
      ? store.userByEmail(normaliseUserEmail(idOrEmail))
      : store.userById(idOrEmail);
  }

  create(input: CreateUserInput): Promise<ServiceResult<UserWithPassword>> {
    return this.#state.exclusive(() => this.#create(input, {}));
  }

  async #create(
    input: CreateUserInput,
    meta: Record<string, string>,
  ): Promise<ServiceResult<UserWithPassword>> {
    const state = this.#state;
    const email = normaliseUserEmail(input.email);
    if (!validEmail(email)) return invalid("/email", "not an email address");
    if (!ROLES.includes(input.role)) return invalid("/role", `unknown role "${input.role}"`);
    const problem = input.password === undefined ? null : passwordProblem(input.password);
    if (problem !== null) return invalid("/password", problem);
    if ((await state.store.userByEmail(email)) !== null) {
      return conflict("/email", `a user with the email ${email} exists`);
    }
    const password = input.password ?? generatePassword();
    const at = state.now();
    const row: UserRow = {
      id: state.newId("usr"),
      email,
      role: input.role,
      passwordHash: await hashPassword(password, this.#cost),
      createdAt: at,
      updatedAt: at,
      disabledAt: null,
    };
    await state.commit({
      users: [row],
      meta,
      audit: [{ at, action: "user.created", detail: { userId: row.id, role: row.role } }],
    });
    return ok({
      user: toUserSummary(row),
      password: input.password === undefined ? password : null,
    });
  }

  /** The first admin on first start, with a generated password to print once; null afterwards. */
  ensureFirstAdmin(email: string): Promise<UserWithPassword | null> {
    const state = this.#state;
    return state.exclusive(async () => {
      if ((await state.store.getMeta(FIRST_ADMIN_META)) !== null) return null;
      const marker = { [FIRST_ADMIN_META]: String(state.now()) };
      if ((await state.store.users()).length > 0) {
        await state.commit({ meta: marker });
        return null;
      }
      const created = await this.#create({ email, role: "admin" }, marker);
      return created.ok ? created.value : null;
    });
  }

  update(input: UpdateUserInput): Promise<ServiceResult<UserSummary>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const row = await state.store.userById(input.id);
      if (row === null) return notFound(`user ${input.id}`);
      if (input.role !== undefined && !ROLES.includes(input.role)) {
        return invalid("/role", `unknown role "${input.role}"`);
      }
      const at = state.now();
      const disabledAt =
        input.disabled === undefined
          ? row.disabledAt
          : input.disabled
            ? (row.disabledAt ?? at)
            : null;
      const next: UserRow = { ...row, role: input.role ?? row.role, disabledAt, updatedAt: at };
      const lastAdmin = await this.#wouldLoseLastAdmin(row, next);
      if (lastAdmin !== null) return lastAdmin;
      await state.commit({
        users: [next],
        ...(next.disabledAt !== null && row.disabledAt === null
          ? { endSessionsOfUsers: [row.id] }
          : {}),
        audit: [
          {
            at,
            action: "user.updated",
            detail: { userId: row.id, role: next.role, disabled: next.disabledAt !== null },
          },
        ],
      });
      return ok(toUserSummary(next));
    });
  }

  remove(id: string): Promise<ServiceResult<{ readonly id: string }>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const row = await state.store.userById(id);
      if (row === null) return notFound(`user ${id}`);
      const lastAdmin = await this.#wouldLoseLastAdmin(row, null);
      if (lastAdmin !== null) return lastAdmin;
      const at = state.now();
      await state.commit({
        deleteUserIds: [id],
        audit: [{ at, action: "user.deleted", detail: { userId: id } }],
      });
      return ok({ id });
    });
  }

  resetPassword(id: string, password?: string): Promise<ServiceResult<UserWithPassword>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const row = await this.#find(id);
      if (row === null) return notFound(`user ${id}`);
      const problem = password === undefined ? null : passwordProblem(password);
      if (problem !== null) return invalid("/password", problem);
      const chosen = password ?? generatePassword();
      const at = state.now();
      const next: UserRow = {
        ...row,
        passwordHash: await hashPassword(chosen, this.#cost),
        updatedAt: at,
      };
      await state.commit({
        users: [next],
        endSessionsOfUsers: [row.id],
        audit: [{ at, action: "user.password_reset", detail: { userId: row.id } }],
      });
      return ok({ user: toUserSummary(next), password: password === undefined ? chosen : null });
    });
  }

  /** leadscore always keeps one enabled admin, or nobody could manage keys and users. */
  async #wouldLoseLastAdmin(
    before: UserRow,
    after: UserRow | null,
  ): Promise<{ ok: false; error: ServiceError } | null> {
    if (!isActiveAdmin(before) || (after !== null && isActiveAdmin(after))) return null;
    const others = (await this.#state.store.users()).filter(
      (u) => u.id !== before.id && isActiveAdmin(u),
    );
    if (others.length > 0) return null;
    return conflict(
      after === null ? "" : after.role !== "admin" ? "/role" : "/disabled",
      "this is the last enabled admin; make another user admin first",
    );
  }
}
