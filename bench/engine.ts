// Engine throughput and memory: `node --expose-gc --import tsx bench/engine.ts [--leads N] [--events N] [--sample N]`.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { IncrementalState, LeadEvent } from "@leadscore/core";
import {
  applyEvent,
  compileModel,
  createIncrementalState,
  parseModel,
  seededRandom,
} from "@leadscore/core";
import type { RuleProperties } from "json-rules-engine";
import { Engine } from "json-rules-engine";
import {
  benchModelDocument,
  EVENT_MIX,
  eventProperties,
  jsonRulesEngineRules,
} from "./engine-model.ts";

const { values } = parseArgs({
  options: {
    leads: { type: "string", default: "1000000" },
    events: { type: "string", default: "2000000" },
    sample: { type: "string", default: "20000" },
  },
});
const leadCount = Number(values.leads);
const eventCount = Number(values.events);
const sampleCount = Math.min(Number(values.sample), eventCount);

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

const parsed = parseModel(benchModelDocument);
if (!parsed.ok) throw new Error(`bench model is invalid: ${JSON.stringify(parsed.error)}`);
const compiled = compileModel(parsed.value);

const heapBefore = heapUsed();
const random = seededRandom(42);
const start = Date.parse("2026-01-01T00:00:00Z");
let events: LeadEvent[] | null = new Array(eventCount);
let leadOf: string[] | null = new Array(eventCount);
for (let i = 0; i < eventCount; i++) {
  const type = EVENT_MIX[Math.floor(random() * EVENT_MIX.length)] ?? "page.viewed";
  // Timestamps only grow, so no event is late; about 5 events a second over the run.
  events[i] = {
    messageId: `m${i.toString(36)}`,
    type,
    timestamp: start + i * 200,
    properties: eventProperties(type, random),
  };
  leadOf[i] = `lead-${Math.floor(random() * leadCount)}`;
}

// Identified leads, so stage rules run on every event as they would in production.
const identified = { events: [], identified: true };
const states = new Map<string, IncrementalState>();
for (let i = 0; i < leadCount; i++)
  states.set(`lead-${i}`, createIncrementalState(compiled, identified));

const traits = { jobTitle: "VP Marketing" };
// The engine is handed the lead's state, as the server's lead book does: each event's state is found up
// front. Finding it by a lead id string (a Map lookup that hashes a new string per event) is timed apart.
let stateOf: IncrementalState[] | null = leadOf.map((lead) => states.get(lead)!);
// Each timed section starts on a collected heap, so neither pays for the garbage of the set-up before it.
gc?.();
let scored = 0;
const began = performance.now();
for (let i = 0; i < eventCount; i++) {
  if (applyEvent(compiled, stateOf[i]!, events[i]!, traits).kind === "scored") scored++;
}
const engineMs = performance.now() - began;
stateOf = null;
gc?.();
let found = 0;
const lookupBegan = performance.now();
for (let i = 0; i < eventCount; i++) if (states.get(leadOf[i]!) !== undefined) found++;
const lookupMs = performance.now() - lookupBegan;

const jre = new Engine([], { allowUndefinedFacts: true });
jre.addOperator(
  "containsText",
  (fact: unknown, value: string) => typeof fact === "string" && fact.includes(value),
);
jre.addOperator(
  "startsWithText",
  (fact: unknown, value: string) => typeof fact === "string" && fact.startsWith(value),
);
jre.addOperator(
  "matchesRegex",
  (fact: unknown, value: string) => typeof fact === "string" && new RegExp(value, "i").test(fact),
);
for (const rule of jsonRulesEngineRules()) jre.addRule(rule as RuleProperties);
const jreTotals = new Map<string, number>();
gc?.();
const jreBegan = performance.now();
for (let i = 0; i < sampleCount; i++) {
  const event = events[i]!;
  const result = await jre.run({ type: event.type, ...event.properties });
  let points = 0;
  for (const matched of result.events) points += Number(matched.params?.points ?? 0);
  jreTotals.set(leadOf[i]!, (jreTotals.get(leadOf[i]!) ?? 0) + points);
}
const jreMs = performance.now() - jreBegan;

events = null;
leadOf = null;
const heapAfter = heapUsed();
const engineRate = eventCount / (engineMs / 1000);
const jreRate = sampleCount / (jreMs / 1000);

console.log(
  JSON.stringify({
    benchmark: "engine",
    leads: leadCount,
    events: eventCount,
    rules: benchModelDocument.engagement.length,
    scoredEvents: scored,
    engine: {
      eventsPerSecond: Math.round(engineRate),
      ms: Math.round(engineMs),
      work: "applyEvent with the lead's state at hand (found before the timed loop)",
    },
    engineWithLookup: {
      eventsPerSecond: Math.round(eventCount / ((engineMs + lookupMs) / 1000)),
      lookupMs: Math.round(lookupMs),
      work: "the same plus Map<string, state>.get on each event's lead id string",
      found,
    },
    jsonRulesEngine: {
      eventsPerSecond: Math.round(jreRate),
      sampleEvents: sampleCount,
      ms: Math.round(jreMs),
      work: "matching and summing only",
    },
    ratio: Math.round(engineRate / jreRate),
    ratioWithLookup: Math.round(eventCount / ((engineMs + lookupMs) / 1000) / jreRate),
    memory:
      gc === undefined
        ? "run with node --expose-gc to measure"
        : {
            bytesPerLead: Math.round((heapAfter - heapBefore) / leadCount),
            includes: "state, Map entry and key, retained lastMessageId",
          },
    node: process.version,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    statesKept: states.size,
  }),
);
