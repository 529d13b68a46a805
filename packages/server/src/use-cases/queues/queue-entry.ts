import type { QueueEntry, QueueReason } from "../app-services.ts";
import {
  isPresent,
  type LeadModelSlot,
  type LeadRecord,
  leadCompany,
  leadName,
} from "../lead-book.ts";

const MINUTE_MS = 60_000;

function reasonOf(
  lead: LeadRecord,
  slot: LeadModelSlot,
  presentNow: boolean,
  callbackDue: boolean,
): { code: QueueReason; text: string } {
  if (callbackDue) return { code: "callback_due", text: "Call-back due now" };
  if (presentNow) return { code: "on_site", text: "On the website right now" };
  const at = lead.valuedAt;
  if (slot.grade === "A" && slot.lastHighIntentAt !== null) {
    const minutes = Math.max(0, Math.round((at - slot.lastHighIntentAt) / MINUTE_MS));
    return { code: "high_intent", text: `High-intent activity ${minutes} min ago` };
  }
  if (slot.grade === "B") return { code: "active_today", text: `Active today, ${slot.band} band` };
  if (slot.grade === "C")
    return { code: "active_week", text: `Active this week, ${slot.band} band` };
  return { code: "score", text: `Score ${slot.score} (${slot.band})` };
}

/** One lead as a queue shows it, from the values cached at the lead's last valuation. */
export function toQueueEntry(
  lead: LeadRecord,
  slot: LeadModelSlot,
  callbackDue: boolean,
): QueueEntry {
  const presentNow = isPresent(lead, slot, lead.valuedAt);
  const reason = reasonOf(lead, slot, presentNow, callbackDue);
  return {
    leadId: lead.id,
    userId: lead.userId,
    name: leadName(lead),
    email: lead.email,
    company: leadCompany(lead),
    score: slot.score,
    band: slot.band,
    stage: slot.stage,
    grade: slot.grade,
    lastActivityAt: lead.lastActivityAt,
    presentNow,
    callbackDue,
    reasonCode: reason.code,
    reason: reason.text,
  };
}
