import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { emailKey, normaliseEmail } from "./identity-graph.ts";
import type { IngestPipeline } from "./ingest-events.ts";
import type { ServiceState } from "./service-state.ts";

export interface ImportRowError {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly code: string;
  readonly detail: string;
}

export interface ImportReport {
  readonly rowsTotal: number;
  readonly created: number;
  readonly updated: number;
  /** Rows whose lead already had exactly these values (re-running a file lands here). */
  readonly unchanged: number;
  readonly skippedDuplicates: number;
  readonly failed: number;
  readonly errors: readonly ImportRowError[];
}

const CHUNK = 1000;
const NUMBER = /^-?\d+(\.\d+)?$/;

function traitValue(text: string): unknown {
  if (NUMBER.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

/**
 * Import leads from CSV (BOM, CRLF, quoted newlines, `,` or `;`): one identify per row, deduplicated on the
 * trimmed lower-cased email. The messageId hashes the row's values, so re-running a file changes nothing.
 * `mapping` maps trait names to CSV headers (`email` → `E-mail`); other columns keep their header as name.
 */
export async function importLeadsCsv(
  state: ServiceState,
  ingest: IngestPipeline,
  csvText: string,
  mapping: Readonly<Record<string, string>> = {},
): Promise<ImportReport> {
  const errors: ImportRowError[] = [];
  let records: string[][];
  try {
    records = parse(csvText, {
      bom: true,
      delimiter: [",", ";"],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    const detail = (error as Error).message;
    return {
      rowsTotal: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skippedDuplicates: 0,
      failed: 1,
      errors: [{ row: 0, column: null, value: null, code: "unreadable_csv", detail }],
    };
  }
  const [header = [], ...rows] = records;
  const traitOfColumn = new Map(header.map((h) => [h, h]));
  for (const [trait, column] of Object.entries(mapping)) {
    if (!header.includes(column)) {
      errors.push({
        row: 0,
        column,
        value: null,
        code: "unknown_column",
        detail: `no column "${column}" for ${trait}`,
      });
    } else traitOfColumn.set(column, trait);
  }
  const emailColumn = header.find((h) => traitOfColumn.get(h) === "email");
  if (emailColumn === undefined || errors.length > 0) {
    if (emailColumn === undefined) {
      errors.push({
        row: 0,
        column: null,
        value: null,
        code: "no_email_column",
        detail: "map a column to email (--map email=<header>)",
      });
    }
    return {
      rowsTotal: rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      skippedDuplicates: 0,
      failed: rows.length,
      errors,
    };
  }
  const seen = new Set<string>();
  const messages: {
    row: number;
    email: string;
    existing: boolean;
    message: Record<string, unknown>;
  }[] = [];
  let skippedDuplicates = 0;
  rows.forEach((cells, i) => {
    const row = i + 1;
    if (cells.length !== header.length) {
      errors.push({
        row,
        column: null,
        value: null,
        code: "column_count",
        detail: `${cells.length} values for ${header.length} columns`,
      });
      return;
    }
    const rawEmail = cells[header.indexOf(emailColumn)] ?? "";
    const email = normaliseEmail(rawEmail);
    if (email === null) {
      errors.push({
        row,
        column: emailColumn,
        value: rawEmail,
        code: "invalid_email",
        detail: "not an email address",
      });
      return;
    }
    if (seen.has(email)) {
      skippedDuplicates++;
      return;
    }
    seen.add(email);
    const traits: Record<string, unknown> = {};
    header.forEach((column, c) => {
      const value = cells[c] ?? "";
      const trait = traitOfColumn.get(column) ?? column;
      if (value !== "" && trait !== "userId")
        traits[trait] = trait === "email" ? email : traitValue(value);
    });
    const userColumn = header.find((h) => traitOfColumn.get(h) === "userId");
    const userId = userColumn === undefined ? "" : (cells[header.indexOf(userColumn)] ?? "");
    const messageId = `import-${createHash("sha256")
      .update(JSON.stringify([email, userId, traits]))
      .digest("hex")
      .slice(0, 32)}`;
    messages.push({
      row,
      email,
      existing: state.graph.lookup(emailKey(email)) !== null,
      message: {
        type: "identify",
        messageId,
        ...(userId === "" ? { anonymousId: `csv:${email}` } : { userId }),
        traits,
      },
    });
  });
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (let i = 0; i < messages.length; i += CHUNK) {
    const chunk = messages.slice(i, i + CHUNK);
    const result = await ingest.ingest({
      messages: chunk.map((m) => m.message),
      receivedAt: state.now(),
    });
    result.results.forEach((item, j) => {
      const source = chunk[j];
      if (source === undefined) return;
      if (item.status === "rejected") {
        const pointer = item.error?.pointer ?? "";
        errors.push({
          row: source.row,
          column: pointer.startsWith("/traits/") ? pointer.slice(8) : null,
          value: null,
          code: item.error?.code ?? "rejected",
          detail: item.error?.detail ?? "rejected",
        });
      } else if (item.status === "duplicate") unchanged++;
      else if (source.existing) updated++;
      else created++;
    });
  }
  const failed = new Set(errors.map((e) => e.row)).size;
  return { rowsTotal: rows.length, created, updated, unchanged, skippedDuplicates, failed, errors };
}
