import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { CompiledModel, LeadEvent, LeadModelState, SegmentMessage } from "@leadscore/core";
import { compileModel, messageToEvent, scoreLead } from "@leadscore/core";
import { formatModelProblem, loadModelFile } from "../../models/load-model-file.ts";
import type { CliCommand, CliIo } from "../cli-io.ts";
import { UsageError } from "../cli-io.ts";

interface ParsedMessage {
  readonly event: LeadEvent;
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly previousId?: string;
}

/** Parses NDJSON messages; bad lines are reported and skipped. */
function readMessages(text: string, file: string, io: CliIo): ParsedMessage[] {
  const messages: ParsedMessage[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      io.stderr(`${file}:${index + 1}  skipped: not JSON\n`);
      return;
    }
    const converted = messageToEvent(json as SegmentMessage);
    if (!converted.ok) {
      const reasons = converted.error.map((p) => `${p.path.join(".")}: ${p.message}`).join("; ");
      io.stderr(`${file}:${index + 1}  skipped: ${reasons}\n`);
      return;
    }
    messages.push(converted.value);
  });
  return messages;
}

/** Groups messages by lead: a userId, or the anonymousId of a visitor who never identified (S13). */
function groupByLead(messages: readonly ParsedMessage[]): Map<string, LeadEvent[]> {
  const userOf = new Map<string, string>();
  for (const m of messages) {
    if (m.userId !== undefined && m.anonymousId !== undefined) userOf.set(m.anonymousId, m.userId);
    if (m.userId !== undefined && m.previousId !== undefined) userOf.set(m.previousId, m.userId);
  }
  const leads = new Map<string, LeadEvent[]>();
  for (const m of messages) {
    const leadId = m.userId ?? userOf.get(m.anonymousId ?? "") ?? m.anonymousId ?? "";
    const events = leads.get(leadId);
    if (events === undefined) leads.set(leadId, [m.event]);
    else events.push(m.event);
  }
  return leads;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function present(state: LeadModelState) {
  return {
    score: state.score,
    rawScore: round(state.rawScore),
    fit: round(state.fit),
    engagement: round(state.engagement),
    band: state.band,
    stage: state.stage,
    ledger: state.ledger.map((line) => ({
      ...line,
      points: round(line.points),
      ...(line.decayFactor !== undefined ? { decayFactor: round(line.decayFactor) } : {}),
    })),
  };
}

/** `leadscore score --model <f> [--model <f>…] --input <messages.ndjson> [--at <ISO time>]`. */
export const command: CliCommand = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: "string", multiple: true },
      input: { type: "string" },
      at: { type: "string" },
    },
  });
  const modelFiles = values.model ?? [];
  if (modelFiles.length === 0 || values.input === undefined)
    throw new UsageError("needs --model <file> and --input <ndjson>");
  const at = values.at === undefined ? Date.now() : Date.parse(values.at);
  if (!Number.isFinite(at)) throw new UsageError(`--at is not an ISO time: ${values.at}`);
  const compiled: CompiledModel[] = [];
  for (const file of modelFiles) {
    const loaded = await loadModelFile(resolve(io.cwd, file));
    if (!loaded.ok) {
      for (const problem of loaded.error)
        io.stderr(`${formatModelProblem({ ...problem, file })}\n`);
      return 1;
    }
    compiled.push(compileModel(loaded.value));
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, values.input), "utf8");
  } catch (error) {
    io.stderr(`${values.input}: ${(error as Error).message}\n`);
    return 1;
  }
  for (const [leadId, events] of groupByLead(readMessages(text, values.input, io))) {
    const models = Object.fromEntries(
      compiled.map((c) => [c.id, present(scoreLead(c, { events }, at))]),
    );
    io.stdout(`${JSON.stringify({ leadId, models })}\n`);
  }
  return 0;
};
