import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./password-hash.ts";

const cost = { N: 1024, r: 8, p: 1 };

describe("password hashing", () => {
  it("stores scrypt with its parameters and a per-password salt, and verifies", async () => {
    const one = await hashPassword("correct horse battery", cost);
    const two = await hashPassword("correct horse battery", cost);
    expect(one).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword("correct horse battery", one)).toBe(true);
    expect(await verifyPassword("correct horse batterY", one)).toBe(false);
  });

  it("verifies with the stored parameters, not the current ones", async () => {
    const old = await hashPassword("p4ssword-from-2026", { N: 2048, r: 4, p: 2 });
    expect(await verifyPassword("p4ssword-from-2026", old)).toBe(true);
  });

  it("treats Unicode forms of one password alike", async () => {
    const stored = await hashPassword("contraseña segura", cost);
    expect(await verifyPassword("contrasen\u0303a segura", stored)).toBe(true);
  });

  it.each([
    "",
    "bcrypt$10$abc",
    "scrypt$1000$8$1$c2FsdA$aGFzaA",
    "scrypt$4194304$8$1$c2FsdA$aGFzaA",
    "scrypt$1024$8$0$c2FsdA$aGFzaA",
    "scrypt$1024$8$1$c2FsdA$c2hvcnQ",
  ])("refuses the malformed or abusive stored hash %j", async (stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });

  it("generates distinct 20-character passwords", () => {
    const passwords = new Set(Array.from({ length: 50 }, generatePassword));
    expect(passwords.size).toBe(50);
    for (const p of passwords) expect(p).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });
});
