import { describe, expect, it } from "vitest";
import { parseJsonSafely, pointerToken } from "./safe-json.ts";

describe("parseJsonSafely", () => {
  it.each([
    ['{"a":[1,{"b":null}]}', { a: [1, { b: null }] }],
    ["42", 42],
    ['"proto"', "proto"],
  ])("parses %s", (text, value) => {
    expect(parseJsonSafely(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["{", "malformed_json", ""],
    ['{"a":{"__proto__":{"x":1}}}', "forbidden_key", "/a/__proto__"],
    ['[{"prototype":1}]', "forbidden_key", "/0/prototype"],
    ['{"a/b":{"constructor":1}}', "forbidden_key", "/a~1b/constructor"],
    [`${"[".repeat(4)}${"]".repeat(4)}`, "too_deep", "/0/0/0"],
  ])("refuses %s as %s at %s", (text, code, pointer) => {
    const result = parseJsonSafely(text, 3);
    expect(result).toMatchObject({ ok: false, code, error: { pointer } });
  });

  it("survives hostile nesting far deeper than the limit", () => {
    const text = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(parseJsonSafely(text)).toMatchObject({ ok: false, code: "too_deep" });
  });

  it("escapes pointer tokens per RFC 6901", () => {
    expect(pointerToken("a~b/c")).toBe("a~0b~1c");
  });
});
