import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, startE2e } from "./testing/e2e-browser.ts";
import { E2E_USERS } from "./testing/start-dashboard-server.ts";

// Settings (keys, snippet, users) in Chromium against the real server.

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e({ demoLeads: 40 });
});

afterAll(async () => {
  await e2e?.close();
});

async function adminOnSettings(locale = "en-US", viewport?: { width: number; height: number }) {
  const opened = await e2e.signIn(E2E_USERS.admin, locale, viewport);
  await opened.context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: e2e.server.origin,
  });
  await opened.page.goto(`${e2e.server.origin}/settings`);
  return opened;
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe("settings against the real server", () => {
  it("creates a publishable key shown once, copies the snippet with it, then revokes it", async () => {
    const { context, page } = await adminOnSettings();
    const form = page.getByRole("form", { name: "Create a key" });
    await form.getByLabel("Publishable").check();
    await form.getByLabel("Name").fill("Main website");
    await form.getByLabel("Allowed origins").fill("https://shop.example");
    await form.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Copy your new key now" });
    const secret = await dialog.getByLabel("Main website").inputValue();
    expect(secret).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await dialog.getByText("Copied to the clipboard.").waitFor();
    expect(await clipboard(page)).toBe(secret);
    await shot(page, "en-settings-key-created", false);
    await dialog.getByRole("button", { name: "Done, I stored it" }).click();
    const keyRow = page.locator(".keys-table tbody tr", { hasText: "Main website" });
    await keyRow.waitFor();

    await page.getByRole("link", { name: "Tracking snippet" }).click();
    // The demo shop's key is there too (the server starts as `serve --demo` does): pick the new one.
    const choice = page.getByLabel("Publishable key");
    const option = await choice
      .locator("option", { hasText: "Main website" })
      .getAttribute("value");
    await choice.selectOption(option ?? "");
    const snippet = await page.getByLabel("Snippet", { exact: true }).inputValue();
    expect(snippet).toContain(`src="${e2e.server.origin}/t.js" data-key="${secret}"`);
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByText("Copied to the clipboard.").waitFor();
    expect(await clipboard(page)).toBe(snippet);
    await shot(page, "en-settings-snippet");

    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByRole("button", { name: "Revoke Main website" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke Main website?" });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => keyRow.count()).toBe(0);
    expect(await e2e.server.app.services.keys.authenticate(secret)).toBeNull();
    await context.close();
  });

  it("creates a secret key that works until it is revoked, and names a bad origin", async () => {
    const { context, page } = await adminOnSettings();
    const form = page.getByRole("form", { name: "Create a key" });
    await form.getByLabel("Publishable").check();
    await form.getByLabel("Name").fill("Broken");
    await form.getByLabel("Allowed origins").fill("shop.example");
    await form.getByRole("button", { name: "Create key" }).click();
    await expect
      .poll(() => form.getByLabel("Allowed origins").getAttribute("aria-invalid"))
      .toBe("true");
    await shot(page, "en-settings-key-invalid");

    await form.getByLabel("Secret").check();
    await form.getByLabel("Name").fill("CRM sync");
    await form.getByLabel("leads:write").check();
    await form.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Copy your new key now" });
    const secret = await dialog.getByLabel("CRM sync").inputValue();
    expect(secret).toMatch(/^sk_/);
    await dialog.getByRole("button", { name: "Done, I stored it" }).click();
    const read = (key: string) =>
      fetch(`${e2e.server.origin}/v1/leads?limit=1`, {
        headers: { authorization: `Bearer ${key}` },
      });
    expect((await read(secret)).status).toBe(200);
    await page.getByRole("button", { name: "Revoke CRM sync" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await expect.poll(async () => (await read(secret)).status).toBe(401);
    await context.close();
  });

  it("adds a user whose generated password signs in", async () => {
    const { context, page } = await adminOnSettings();
    await page.getByRole("link", { name: "Users" }).click();
    const form = page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Email").fill("nuria.agent@example.com");
    await form.getByLabel("Role").selectOption("agent");
    await form.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Password for nuria.agent@example.com" });
    const password = await dialog.getByLabel("Password").inputValue();
    expect(password).toMatch(/^\S{20}$/);
    await shot(page, "en-settings-user-created", false);
    await dialog.getByRole("button", { name: "Done, I stored it" }).click();
    await page.locator(".users-table tbody tr", { hasText: "nuria.agent@example.com" }).waitFor();

    await form.getByLabel("Email").fill("nuria.agent@example.com");
    await form.getByRole("button", { name: "Add user" }).click();
    await form.getByText(/exists/).waitFor();

    const other = await e2e.open("en-US");
    await other.page.getByLabel("Email").fill("nuria.agent@example.com");
    await other.page.getByLabel("Password").fill(password);
    await other.page.keyboard.press("Enter");
    await other.page.locator(".leads-table").waitFor();
    await other.page
      .getByRole("link", { name: "Signed in as nuria.agent@example.com (agent)" })
      .click();
    await other.page.getByLabel("Current password").fill(password);
    await other.page.getByLabel("New password", { exact: true }).fill("nuria's own password");
    await other.page.getByLabel("New password again").fill("nuria's own passwort");
    await other.page.getByRole("button", { name: "Change password" }).click();
    await other.page.getByText("The two new passwords differ.").waitFor();
    await other.page.getByLabel("New password again").fill("nuria's own password");
    await other.page.getByRole("button", { name: "Change password" }).click();
    await other.page.getByText("Password changed. Your other sessions have ended.").waitFor();
    await shot(other.page, "en-account-password-changed", false);
    await other.page.getByRole("button", { name: "Sign out" }).click();
    await other.page.getByLabel("Email").fill("nuria.agent@example.com");
    await other.page.getByLabel("Password").fill("nuria's own password");
    await other.page.keyboard.press("Enter");
    await other.page.locator(".leads-table").waitFor();
    await other.context.close();
    await context.close();
  });

  it("reads in Spanish and fits a phone", async () => {
    const { context, page } = await adminOnSettings("es-ES", PHONE);
    await page.getByRole("heading", { name: "Ajustes", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Claves de API" }).waitFor();
    await shot(page, "es-phone-settings");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBe(0);
    await page.getByRole("link", { name: "Usuarios" }).click();
    await page.getByRole("heading", { name: "Añadir un usuario" }).waitFor();
    await shot(page, "es-phone-settings-users");
    await context.close();
  });
});
