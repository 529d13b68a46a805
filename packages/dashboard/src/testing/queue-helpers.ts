import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { QueueEntry } from "../../../server/src/use-cases/app-services.ts";
import type { DashboardServer } from "./start-dashboard-server.ts";
import { DEMO_QUEUE } from "./start-dashboard-server.ts";

// The queue as the server holds it, and a lead's visit to the website, for the queue's browser tests.

export interface QueueDriver {
  top(limit?: number): Promise<readonly QueueEntry[]>;
  /**
   * A named lead well down the queue, in one of `stages`, not on the site, scoring low enough that
   * an outcome's points show; never one handed out before, so tests do not share leads.
   */
  leadDownTheQueue(stages?: readonly string[]): Promise<QueueEntry>;
  /** The lead opens a page of the website: a real `page` call with a publishable key. */
  browse(userId: string, path?: string): Promise<number>;
  /** The lead's standing under the queue's model, read from the server. */
  standing(leadId: string): Promise<{ score: number; stage: string; grade: string }>;
}

export async function queueDriver(server: DashboardServer): Promise<QueueDriver> {
  const services = server.app.services;
  const key = await services.keys.create({
    kind: "publishable",
    name: "queue tests",
    allowedOrigins: ["*"],
  });
  if (!key.ok) throw new Error(key.error.detail);
  const writeKey = key.value.secret;
  const handedOut = new Set<string>();

  async function top(limit = 50): Promise<readonly QueueEntry[]> {
    const page = await services.queues.top(DEMO_QUEUE.id, limit);
    if (!page.ok) throw new Error(page.error.detail);
    return page.value.data;
  }

  return {
    top,
    async leadDownTheQueue(stages = ["lead", "mql"]) {
      const entries = await top(500);
      const found = entries
        .slice(10)
        .find(
          (e) =>
            e.name !== null &&
            e.userId !== null &&
            !e.presentNow &&
            e.score < 80 &&
            stages.includes(e.stage) &&
            !handedOut.has(e.leadId),
        );
      if (found === undefined) throw new Error(`no lead in ${stages.join("/")} down the queue`);
      handedOut.add(found.leadId);
      return found;
    },
    async browse(userId, path = "/pricing") {
      const response = await fetch(`${server.origin}/v1/page`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({
          writeKey,
          userId,
          properties: { url: `https://shop.example${path}`, path },
        }),
      });
      expect(response.status).toBe(200);
      return Date.now();
    },
    async standing(leadId) {
      const lead = await services.leads.get(leadId);
      const slot = lead.ok ? lead.value.models[DEMO_QUEUE.model] : undefined;
      if (slot === undefined) throw new Error(`lead ${leadId} has no ${DEMO_QUEUE.model} score`);
      return { score: slot.score, stage: slot.stage, grade: slot.grade };
    },
  };
}

/** The lead ids of the queue items a page shows, in order. */
export function shownIds(page: Page, item = ".queue-item"): Promise<(string | null)[]> {
  return page
    .locator(item)
    .evaluateAll((items) => items.map((li) => li.getAttribute("data-lead-id")));
}

/** Waits until the page's first queue item is the lead; answers how long that took from `since`. */
export async function waitUntilFirst(
  page: Page,
  leadId: string,
  since: number,
  item = ".queue-item",
): Promise<number> {
  await expect
    .poll(async () => (await shownIds(page, item))[0], { timeout: 8_000, interval: 20 })
    .toBe(leadId);
  return Date.now() - since;
}

/** `YYYY-MM-DDTHH:MM:SS` in a time zone, as a `datetime-local` input takes it. */
export function localInputValue(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}`;
}
