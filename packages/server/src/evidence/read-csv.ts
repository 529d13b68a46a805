import { parse } from "csv-parse/sync";

export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
  readonly delimiter: "," | ";";
}

export type CsvResult =
  | { readonly ok: true; readonly value: CsvTable }
  | {
      readonly ok: false;
      readonly error: { readonly code: "csv-invalid"; readonly message: string };
    };

/** `;` or `,`, whichever occurs more often outside quotes in the header line. */
export function sniffDelimiter(text: string): "," | ";" {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ";") semicolons += 1;
    else if (!quoted && char === ",") commas += 1;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * Reads a CSV export (header row first): separator sniffed, quoted fields, BOM and CRLF handled.
 * @example readCsv("a;b\r\n1;2\r\n").value.rows // [{ a: "1", b: "2" }]
 */
export function readCsv(text: string): CsvResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = sniffDelimiter(body);
  try {
    const records = parse(body, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
    }) as string[][];
    const [header, ...data] = records;
    if (header === undefined)
      return { ok: false, error: { code: "csv-invalid", message: "the file is empty" } };
    const columns = header.map((name) => name.trim());
    const rows = data.map((cells) => {
      const row: Record<string, string> = {};
      columns.forEach((column, index) => {
        row[column] = cells[index] ?? "";
      });
      return row;
    });
    return { ok: true, value: { columns, rows, delimiter } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: "csv-invalid", message } };
  }
}
