import { STAGE_ORDER, type Stage } from "@leadscore/core";
import type {
  AuthContext,
  EraseReport,
  FeedbackEntry,
  FeedbackInput,
  Lead,
  LeadEventView,
  LeadExplanation,
  LeadPage,
  LeadService,
  ListLeadsQuery,
  MergeInput,
  Page,
  ScorePoint,
  ServiceResult,
  StageAction,
  StageChangeInput,
} from "./app-services.ts";
import { eventsInOrder, historyFor, type LeadRecord } from "./lead-book.ts";
import {
  decodeCursor,
  encodeCursor,
  invalid,
  notFound,
  ok,
  toEventView,
  toLead,
} from "./lead-views.ts";
import { selectLeadPage } from "./select-lead-page.ts";
import { hashIdentifier, type ServiceState } from "./service-state.ts";

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const MAX_HISTORY_POINTS = 500;

const STAGE_OF_ACTION: Record<Exclude<StageAction, "set">, Stage> = {
  accept: "sql",
  reject: "disqualified",
  opportunity: "opportunity",
  won: "customer",
  lost: "disqualified",
};

const isStage = (value: unknown): value is Stage =>
  value === "disqualified" || (STAGE_ORDER as readonly unknown[]).includes(value);

/** Every band of the model at 0, in the model's order, so a band without leads still shows. */
function zeroPerBand(document: unknown): Record<string, number> {
  const bands =
    typeof document === "object" && document !== null && "bands" in document ? document.bands : [];
  if (!Array.isArray(bands)) return {};
  return Object.fromEntries(
    bands.flatMap((band: unknown) =>
      typeof band === "object" && band !== null && "name" in band && typeof band.name === "string"
        ? [[band.name, 0]]
        : [],
    ),
  );
}

function checkLimit(limit: number | undefined): number | null {
  const value = limit ?? DEFAULT_LIMIT;
  return Number.isInteger(value) && value >= 1 && value <= MAX_LIMIT ? value : null;
}

export class LeadServiceImpl implements LeadService {
  readonly #state: ServiceState;

  constructor(state: ServiceState) {
    this.#state = state;
  }

  #lead(id: string): LeadRecord | null {
    return this.#state.findLead(id);
  }

  async list(query: ListLeadsQuery): Promise<ServiceResult<LeadPage>> {
    const state = this.#state;
    const limit = checkLimit(query.limit);
    if (limit === null) return invalid("/limit", `limit must be an integer from 1 to ${MAX_LIMIT}`);
    const modelId = query.model ?? [...state.models.keys()].sort()[0] ?? null;
    if (query.model !== undefined && !state.models.has(query.model)) {
      return invalid("/model", `unknown model "${query.model}"`);
    }
    const needsModel =
      query.band !== undefined || query.stage !== undefined || query.grade !== undefined;
    if (modelId === null && (needsModel || query.sort === "score" || query.sort === "-score")) {
      return invalid("/model", "no model is published yet");
    }
    const cursor = query.startingAfter === undefined ? null : decodeCursor(query.startingAfter);
    if (query.startingAfter !== undefined && cursor === null) {
      return invalid("/starting_after", "not a cursor returned by this API");
    }
    state.catchUp(state.now());
    const sort = query.sort ?? (modelId === null ? "-activity" : "-score");
    const email = query.email?.trim().toLowerCase();
    const { rows, hasMore, bandCounts } = selectLeadPage(state.book.leads.values(), {
      modelId,
      sort,
      limit,
      after: cursor,
      q: query.q?.trim().toLowerCase() ?? "",
      ...(query.band === undefined ? {} : { band: query.band }),
      ...(query.stage === undefined ? {} : { stage: query.stage }),
      ...(query.grade === undefined ? {} : { grade: query.grade }),
      ...(query.userId === undefined ? {} : { userId: query.userId }),
      ...(email === undefined ? {} : { email }),
    });
    const last = rows.at(-1);
    return ok({
      data: rows.map((r) => r.summary),
      hasMore,
      nextCursor: hasMore && last !== undefined ? encodeCursor(last.key, last.summary.id) : null,
      ...(modelId === null
        ? {}
        : {
            counts: {
              bands: { ...zeroPerBand(state.models.get(modelId)?.document), ...bandCounts },
            },
          }),
    });
  }

  async get(leadId: string): Promise<ServiceResult<Lead>> {
    const lead = this.#lead(leadId);
    if (lead === null) return notFound(`lead ${leadId}`);
    return ok(toLead(lead, await this.#feedback(lead), this.#state.now()));
  }

  async #feedback(lead: LeadRecord): Promise<FeedbackEntry[]> {
    const rows = await this.#state.store.feedbackOf(this.#state.graph.aliasesOf(lead.id));
    return rows.map((row) => ({ ...row }));
  }

  async explanation(leadId: string, model: string): Promise<ServiceResult<LeadExplanation>> {
    const lead = this.#lead(leadId);
    if (lead === null) return notFound(`lead ${leadId}`);
    const slot = lead.models.get(model);
    if (slot === undefined) return invalid("/model", `unknown model "${model}"`);
    const { score, rawScore, ledger } = slot.model.score(
      historyFor(lead, model),
      this.#state.now(),
    );
    return ok({ modelId: model, score, rawScore, ledger });
  }

  async events(
    leadId: string,
    page: { readonly limit?: number; readonly startingAfter?: string },
  ): Promise<ServiceResult<Page<LeadEventView>>> {
    const lead = this.#lead(leadId);
    if (lead === null) return notFound(`lead ${leadId}`);
    const limit = checkLimit(page.limit);
    if (limit === null) return invalid("/limit", `limit must be an integer from 1 to ${MAX_LIMIT}`);
    // Newest first.
    const events = [...eventsInOrder(lead)].reverse();
    const from =
      page.startingAfter === undefined
        ? 0
        : events.findIndex((e) => e.messageId === page.startingAfter) + 1;
    if (page.startingAfter !== undefined && from === 0) {
      return invalid("/starting_after", "no such event on this lead");
    }
    const slice = events.slice(from, from + limit);
    const hasMore = from + limit < events.length;
    return ok({
      data: slice.map(toEventView),
      hasMore,
      nextCursor: hasMore ? (slice.at(-1)?.messageId ?? null) : null,
    });
  }

  async history(leadId: string, model: string): Promise<ServiceResult<readonly ScorePoint[]>> {
    const lead = this.#lead(leadId);
    if (lead === null) return notFound(`lead ${leadId}`);
    const scoring = this.#state.models.get(model);
    if (scoring === undefined) return invalid("/model", `unknown model "${model}"`);
    const events = historyFor(lead, model).events.slice(-MAX_HISTORY_POINTS);
    const points = events.map((event) => {
      const state = scoring.score(historyFor(lead, model, event.timestamp), event.timestamp);
      return {
        at: event.timestamp,
        score: state.score,
        band: state.band,
        messageId: event.messageId,
        eventType: event.type,
      };
    });
    return ok(points);
  }

  changeStage(input: StageChangeInput): Promise<ServiceResult<Lead>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const lead = state.findLead(input.leadId);
      if (lead === null) return notFound(`lead ${input.leadId}`);
      if (!state.models.has(input.model))
        return invalid("/model", `unknown model "${input.model}"`);
      const stage = input.action === "set" ? input.stage : STAGE_OF_ACTION[input.action];
      if (!isStage(stage)) return invalid("/stage", "set needs a stage");
      if (input.reason.trim() === "") return invalid("/reason", "a reason is required");
      const at = state.now();
      const event = {
        messageId: state.newId("msg"),
        leadId: lead.id,
        type: "manual" as const,
        event: "stage.set",
        timestamp: at,
        receivedAt: at,
        anonymousId: null,
        userId: null,
        properties: {
          model: input.model,
          stage,
          action: input.action,
          reason: input.reason,
          keyId: input.auth?.keyId ?? null,
        },
        traits: null,
      };
      await state.commit({ events: [event] });
      state.applyCommit({ events: [event] });
      return this.get(lead.id);
    });
  }

  addFeedback(input: FeedbackInput): Promise<ServiceResult<FeedbackEntry>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const lead = state.findLead(input.leadId);
      if (lead === null) return notFound(`lead ${input.leadId}`);
      if (input.model !== undefined && !state.models.has(input.model)) {
        return invalid("/model", `unknown model "${input.model}"`);
      }
      const entry: FeedbackEntry = {
        id: state.newId("fb"),
        leadId: lead.id,
        model: input.model ?? null,
        verdict: input.verdict,
        note: input.note ?? null,
        at: state.now(),
        keyId: input.auth?.keyId ?? null,
      };
      await state.commit({ feedback: [entry] });
      return ok(entry);
    });
  }

  merge(input: MergeInput): Promise<ServiceResult<Lead>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const into = state.findLead(input.into);
      if (into === null) return notFound(`lead ${input.into}`);
      const from = state.findLead(input.from);
      if (from === null) return notFound(`lead ${input.from}`);
      const merge = state.graph.mergeExplicit(from.id, into.id, state.now());
      if (merge !== null) {
        await state.commit({
          merges: [merge],
          audit: [
            {
              at: merge.at,
              action: "lead.merged",
              detail: { from: merge.fromLeadId, into: merge.intoLeadId },
            },
          ],
        });
        state.applyCommit({ merges: [merge] });
      }
      return this.get(into.id);
    });
  }

  erase(leadId: string, auth?: AuthContext): Promise<ServiceResult<EraseReport>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const lead = state.findLead(leadId);
      if (lead === null) return notFound(`lead ${leadId}`);
      const id = lead.id;
      const { leadIds, identifiers } = state.graph.erase(id);
      const suppressions = identifiers.map(hashIdentifier);
      const result = await state.commit({
        eraseLeadIds: leadIds,
        eraseMessageIds: lead.events.map((event) => event.messageId),
        suppressions,
        audit: [
          {
            at: state.now(),
            action: "lead.erased",
            detail: { leadId: id, identifiers: identifiers.length, keyId: auth?.keyId ?? null },
          },
        ],
      });
      for (const hash of suppressions) state.suppressions.add(hash);
      state.removeLead(id);
      return ok({ leadId: id, eventsDeleted: result.eventsErased });
    });
  }
}
