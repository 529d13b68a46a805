import { parseModel } from "@leadscore/core";
import { describe, expect, it } from "vitest";
import { messagesEn } from "../i18n/messages-en.ts";
import { groupOf, leafPath, writeGroup } from "./condition-shape.ts";
import { describeChanges } from "./describe-changes.ts";
import { normaliseForEditor } from "./draft-storage.ts";
import {
  eventTypesFromText,
  joinDuration,
  listFromText,
  numberFromText,
  scalarFromText,
  splitDuration,
} from "./field-text.ts";
import {
  getIn,
  insertIn,
  moveIn,
  pathFromPointer,
  removeIn,
  renameKey,
  setIn,
} from "./json-path.ts";
import { EMPTY_PROPERTY_NAME, validateDraft } from "./model-problems.ts";
import { idFromName, templateDocument } from "./model-templates.ts";
import { addTest, changeTest, removeTest, testsOf } from "./predicate-tests.ts";
import { problemText } from "./problem-message.ts";

const model = {
  id: "m",
  engagement: [
    {
      id: "pricing",
      when: { event: "page.viewed", where: { url: { contains: "/pricing" } } },
      points: 10,
    },
  ],
};

describe("json paths", () => {
  it("reads, sets, inserts, moves and removes without touching the original", () => {
    const next = setIn(model, ["engagement", 0, "limit", "times"], 3);
    expect(getIn(next, ["engagement", 0, "limit"])).toEqual({ times: 3 });
    expect(getIn(model, ["engagement", 0, "limit"])).toBeUndefined();
    const two = insertIn(next, ["engagement"], { id: "b" });
    expect(getIn(moveIn(two, ["engagement"], 1, -1), ["engagement", 0, "id"])).toBe("b");
    expect(getIn(removeIn(two, ["engagement", 0]), ["engagement"])).toEqual([{ id: "b" }]);
    expect(setIn({ a: 1, b: 2 }, ["a"], undefined)).toEqual({ b: 2 });
  });

  it("renames a key in place and refuses to overwrite", () => {
    const where = { a: 1, b: 2, c: 3 };
    expect(Object.keys(renameKey(where, [], "b", "x") as object)).toEqual(["a", "x", "c"]);
    expect(renameKey(where, [], "b", "c")).toBe(where);
  });

  it("reads JSON pointers, escapes included", () => {
    expect(pathFromPointer("/models/1/document/engagement/0/where/a~1b")).toEqual([
      "models",
      1,
      "document",
      "engagement",
      0,
      "where",
      "a/b",
    ]);
    expect(pathFromPointer("")).toEqual([]);
  });
});

describe("text in inputs", () => {
  it.each([
    ["10", 10],
    ["-20", -20],
    ["2,5", 2.5],
    ["1.", 1],
    ["ten", "ten"],
    ["", ""],
  ])("reads %j as the number %j or keeps the text", (text, value) => {
    expect(numberFromText(text)).toBe(value);
  });

  it("reads scalars, lists, durations and event types", () => {
    expect(scalarFromText("true")).toBe(true);
    expect(scalarFromText("50")).toBe(50);
    expect(scalarFromText("spring-launch")).toBe("spring-launch");
    expect(listFromText("Oct, Nov,, 3")).toEqual(["Oct", "Nov", 3]);
    expect(splitDuration("30d")).toEqual({ amount: "30", unit: "d" });
    expect(splitDuration("2w")).toEqual({ amount: "2", unit: "w" });
    expect(joinDuration("12", "h")).toBe("12h");
    expect(joinDuration("soon", "d")).toBe("soon");
    expect(eventTypesFromText("a, b")).toEqual(["a", "b"]);
    expect(eventTypesFromText("a")).toBe("a");
  });
});

describe("tests on a subject", () => {
  it("keeps a bare value bare and turns it into operators when a second test comes", () => {
    expect(testsOf("spring")).toEqual([{ op: "eq", value: "spring", path: [] }]);
    expect(changeTest("spring", 0, { value: "fall" })).toBe("fall");
    const ranged = addTest(changeTest(10, 0, { op: "gte" }), { op: "lte", value: 20 });
    expect(ranged).toEqual({ gte: 10, lte: 20 });
    expect(removeTest(ranged, 0)).toEqual({ lte: 20 });
    expect(changeTest({ in: ["a"] }, 0, { value: ["a", "b"] })).toEqual(["a", "b"]);
  });

  it("keeps the subject key of a trait leaf", () => {
    const leaf = { trait: "employees", gte: 50 };
    expect(testsOf(leaf, ["trait"])).toEqual([{ op: "gte", value: 50, path: ["gte"] }]);
    expect(changeTest(leaf, 0, { op: "gt" }, ["trait"])).toEqual({ trait: "employees", gt: 50 });
    expect(changeTest(leaf, 0, { op: "eq" }, ["trait"])).toEqual({ trait: "employees", eq: 50 });
  });
});

describe("conditions the structured editor shows", () => {
  it("reads one condition or a group of simple ones; deeper ones go to YAML", () => {
    expect(groupOf({ trait: "jobTitle", matches: "vp" }, "fit")?.leaves).toHaveLength(1);
    const stage = {
      any: [
        { event: "test-drive.booked" },
        { event: "form.submitted", where: { formId: "financing" } },
      ],
    };
    expect(groupOf(stage, "stage")).toEqual({ combinator: "any", leaves: stage.any });
    expect(leafPath(stage, 1)).toEqual(["any", 1]);
    expect(
      groupOf({ all: [{ score: { gte: 50 } }, { fit: { gte: 10 } }] }, "stage")?.combinator,
    ).toBe("all");
    expect(groupOf({ not: { trait: "x" } }, "fit")).toBeNull();
    expect(groupOf({ score: { gte: 41 } }, "fit")).toBeNull();
    expect(groupOf({ all: [{ any: [{ trait: "a" }] }] }, "fit")).toBeNull();
  });

  it("writes one condition bare and several under the combinator", () => {
    const leaf = { trait: "a", eq: 1 };
    expect(writeGroup({ combinator: "any", leaves: [leaf] })).toBe(leaf);
    expect(writeGroup({ combinator: "any", leaves: [leaf, leaf] })).toEqual({ any: [leaf, leaf] });
    expect(writeGroup({ combinator: "all", leaves: [] })).toBeUndefined();
  });
});

describe("validation in the browser", () => {
  it("finds the core's problems at the field's path, and unnamed properties", () => {
    const draft = setIn(
      setIn(model, ["engagement", 0, "limit"], { times: 0, per: "30d" }),
      ["engagement", 0, "when", "where", ""],
      "x",
    );
    const problems = validateDraft(draft);
    expect(problems.at(["engagement", 0, "limit", "times"]).map((p) => p.message)).toEqual([
      "times must be greater than 0",
    ]);
    expect(problems.at(["engagement", 0, "when", "where", ""])[0]?.message).toBe(
      EMPTY_PROPERTY_NAME,
    );
    expect(problems.under(["engagement", 0])).toHaveLength(2);
    expect(validateDraft(templateDocument("b2b", "b2b", "B2B")).all).toEqual([]);
  });

  // Documents that make the core say each thing it says, so a new wording fails here first.
  const bad: unknown[] = [
    { id: "M!", name: 3, extra: 1, scale: { min: 5, max: 1 } },
    { id: "m", scale: 3, bands: [{ name: "a", from: 1 }, { name: "a", from: 0 }, 7] },
    { id: "m", bands: [] },
    { id: "m", bands: "x", fit: "x", grading: 3 },
    { id: "m", grading: { a: "1d", b: "1h", highIntent: [3] } },
    {
      id: "m",
      fit: [
        3,
        { id: "a", when: { trait: "" }, points: "x" },
        { id: "a", when: { all: [] }, points: { per: "", each: "x" } },
        { id: "b c", when: { foo: 1 }, points: 1 },
        { id: "d", when: 3, points: 1 },
        {
          id: "e",
          when: {
            trait: "t",
            gt: "x",
            in: 3,
            eq: [1],
            contains: 3,
            matches: "(",
            exists: 1,
            nope: 1,
          },
          points: 1,
        },
        { id: "f", when: { trait: "t", all: [{ trait: "u" }] }, points: 1 },
        { id: "g", when: { trait: "t", startsWith: 3, matches: 4 }, points: 1 },
      ],
      engagement: [
        3,
        { id: "h", when: 3, points: 1, limit: 3, decay: 3 },
        {
          id: "i",
          when: { event: "", where: 3 },
          points: 1,
          limit: { times: 1.5, points: -1, per: "x" },
        },
        {
          id: "j",
          when: { event: "x", where: { p: { eq: {} } } },
          points: 1,
          decay: { halfLife: "0d" },
        },
        {
          id: "k",
          when: { event: "x" },
          points: 1,
          decay: { inactiveFor: "1d", every: "1d", subtract: 0 },
        },
      ],
      stages: [3, { stage: "nope", when: { score: 1 } }],
    },
    { id: "m", stages: Array.from({ length: 31 }, () => ({ stage: "sql", when: { event: "x" } })) },
    "not a model",
  ];

  it("words every core problem in the reader's language", () => {
    const messages = bad.flatMap((document) => {
      const parsed = parseModel(document);
      return parsed.ok ? [] : parsed.error.map((problem) => problem.message);
    });
    expect(messages.length).toBeGreaterThan(40);
    const unknown = messages.filter((message) => problemText(message) === null);
    expect(unknown).toEqual([]);
    for (const message of messages) expect(problemText(message)!.key in messagesEn).toBe(true);
  });
});

describe("changes between versions", () => {
  it("names the rules and fields that changed, by id", () => {
    const before = templateDocument("b2b", "m", "M");
    const after = setIn(setIn(before, ["engagement", 0, "points"], 15), ["bands", 2, "from"], 45);
    const changes = describeChanges(before, removeIn(after, ["fit", 1]));
    expect(changes?.map((c) => [c.kind, c.section, c.ruleId, c.fields])).toEqual([
      ["changed", "bands", null, []],
      ["removed", "fit", "company-size", []],
      ["changed", "engagement", "pricing-page", ["points"]],
    ]);
    expect(describeChanges(before, { id: "M!" })).toBeNull();
  });

  it("sees no change between `when: type` and `when: { event: type }`", () => {
    const bare = { id: "m", engagement: [{ id: "a", when: "email.clicked", points: 1 }] };
    expect(describeChanges(bare, normaliseForEditor(bare))).toEqual([]);
  });
});

describe("new models", () => {
  it("makes an id from a name", () => {
    expect(idFromName("Coches de ocasión — Madrid")).toBe("coches-de-ocasion-madrid");
  });
});
