import { describe, expect, it } from "vitest";
import { trackingSnippet } from "./tracking-snippet.ts";

describe("trackingSnippet", () => {
  it("loads /t.js from the server with the publishable key", () => {
    const snippet = trackingSnippet("https://scores.example", "pk_abc");
    expect(snippet.split("\n")[0]).toBe(
      '<script async src="https://scores.example/t.js" data-key="pk_abc"></script>',
    );
    expect(snippet).toContain("leadscore.identify");
  });

  it("cannot be broken out of by a strange key", () => {
    expect(trackingSnippet("https://s.example", 'pk_"><b>')).toContain('data-key="pk_&quot;><b>"');
  });
});
