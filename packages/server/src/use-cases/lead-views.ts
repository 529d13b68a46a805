import type {
  FeedbackEntry,
  Lead,
  LeadEventView,
  LeadModelDetail,
  LeadSummary,
  ServiceError,
  ServiceResult,
} from "./app-services.ts";
import {
  type BookEvent,
  gradeSignals,
  historyFor,
  type LeadRecord,
  leadCompany,
  leadName,
} from "./lead-book.ts";

export const notFound = (what: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code: "not_found", detail: `${what} not found` },
});

export const invalid = (pointer: string, detail: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code: "invalid", detail, errors: [{ pointer, detail }] },
});

export const ok = <T>(value: T): ServiceResult<T> => ({ ok: true, value });

export function toSummary(lead: LeadRecord): LeadSummary {
  const models: Record<string, LeadSummary["models"][string]> = {};
  for (const [id, slot] of lead.models) {
    models[id] = { score: slot.score, band: slot.band, stage: slot.stage, grade: slot.grade };
  }
  return {
    id: lead.id,
    userId: lead.userId,
    email: lead.email,
    name: leadName(lead),
    company: leadCompany(lead),
    createdAt: lead.createdAt,
    lastActivityAt: lead.lastActivityAt,
    models,
  };
}

/** The full lead at `at`: each model replayed for its stage history (the ledger's source). */
export function toLead(lead: LeadRecord, feedback: readonly FeedbackEntry[], at: number): Lead {
  const models: Record<string, LeadModelDetail> = {};
  for (const [id, slot] of lead.models) {
    const s = slot.model.score(historyFor(lead, id), at);
    models[id] = {
      score: s.score,
      band: s.band,
      stage: s.stage,
      grade: slot.model.grade(gradeSignals(lead, slot), at),
      fit: s.fit,
      engagement: s.engagement,
      stageHistory: s.stageHistory,
      scoredAt: at,
    };
  }
  return {
    id: lead.id,
    userId: lead.userId,
    anonymousIds: lead.anonymousIds,
    email: lead.email,
    name: leadName(lead),
    company: leadCompany(lead),
    traits: lead.traits,
    createdAt: lead.createdAt,
    lastActivityAt: lead.lastActivityAt,
    models,
    feedback,
  };
}

export function toEventView(event: BookEvent): LeadEventView {
  return {
    messageId: event.messageId,
    type: event.callType,
    event: event.type,
    timestamp: event.timestamp,
    receivedAt: event.receivedAt,
    properties: event.properties ?? {},
    traits: event.traits ?? {},
  };
}

/** Opaque cursor: the sort key and id of the last item of a page. */
export function encodeCursor(key: number, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { key: number; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string") {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through: a cursor the client made up
  }
  return null;
}
