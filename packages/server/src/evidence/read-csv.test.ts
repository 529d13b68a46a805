import { describe, expect, it } from "vitest";
import { readCsv, sniffDelimiter } from "./read-csv.ts";

describe("readCsv", () => {
  it.each([
    { name: "commas", text: "a,b\n1,2\n", delimiter: "," },
    { name: "semicolons with CRLF", text: "a;b\r\n1;2\r\n", delimiter: ";" },
    { name: "a BOM", text: "\uFEFFa,b\n1,2\n", delimiter: "," },
  ])("reads $name", ({ text, delimiter }) => {
    const result = readCsv(text);
    expect(result).toEqual({
      ok: true,
      value: { columns: ["a", "b"], rows: [{ a: "1", b: "2" }], delimiter },
    });
  });

  it("keeps separators and quotes inside quoted fields", () => {
    const result = readCsv('name;note\r\n"Doe; Jane";"said ""hi"", left"\r\n');
    expect(result.ok && result.value.rows).toEqual([
      { name: "Doe; Jane", note: 'said "hi", left' },
    ]);
  });

  it("sniffs the separator from the header only, outside quotes", () => {
    expect(sniffDelimiter('"a;b;c",d,e\n1;2;3;4')).toBe(",");
    expect(sniffDelimiter("a;b;c\n1,2,3,4,5,6")).toBe(";");
  });

  it("fills short rows with empty cells and reports broken quoting as a value", () => {
    const short = readCsv("a,b,c\n1\n");
    expect(short.ok && short.value.rows).toEqual([{ a: "1", b: "", c: "" }]);
    const broken = readCsv('a,b\n"1,2\n');
    expect(broken.ok).toBe(false);
  });
});
