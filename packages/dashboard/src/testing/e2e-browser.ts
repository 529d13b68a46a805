import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { launchChromium } from "../../../../test-support/launch-chromium.ts";
import { buildDashboardOnce } from "./build-dashboard-once.ts";
import {
  type DashboardServer,
  type DashboardServerOptions,
  E2E_PASSWORD,
  startDashboardServer,
} from "./start-dashboard-server.ts";

const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), "../../screenshots");

export interface E2e {
  readonly server: DashboardServer;
  readonly browser: Browser;
  /** A fresh browser context (own cookies) in a language and viewport. */
  open(
    locale: string,
    viewport?: { width: number; height: number },
  ): Promise<{ context: BrowserContext; page: Page }>;
  /** Signs in through the real form and waits for the first page. */
  signIn(
    email: string,
    locale?: string,
    viewport?: { width: number; height: number },
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export const LAPTOP = { width: 1366, height: 860 };
/** Every browser context runs in this zone, so tests can write local times. */
export const TIME_ZONE = "Europe/Madrid";
export const PHONE = { width: 390, height: 844 };

/** Full-page screenshots in packages/dashboard/screenshots/ (gitignored), for a person to look at. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

/** A screenshot of one part of the page, at full size, to look at details. */
export async function shotOf(locator: Locator, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await locator.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

export async function startE2e(
  options: Omit<DashboardServerOptions, "distDir"> = {},
): Promise<E2e> {
  const distDir = await buildDashboardOnce();
  const server = await startDashboardServer({ ...options, distDir });
  const browser = await launchChromium();

  async function open(locale: string, viewport = LAPTOP) {
    const context = await browser.newContext({ locale, viewport, timezoneId: TIME_ZONE });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    return { context, page };
  }

  async function signIn(email: string, locale = "en-US", viewport = LAPTOP) {
    const opened = await open(locale, viewport);
    const { page } = opened;
    const spanish = locale.startsWith("es");
    await page.getByLabel(spanish ? "Correo electrónico" : "Email").fill(email);
    await page.getByLabel(spanish ? "Contraseña" : "Password").fill(E2E_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.locator(".leads-table").waitFor();
    return opened;
  }

  return {
    server,
    browser,
    open,
    signIn,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
