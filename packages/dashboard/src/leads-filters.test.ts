import { describe, expect, it } from "vitest";
import {
  currentCursor,
  defaultLeadsModel,
  filtersFromSearch,
  firstPage,
  hasActiveFilters,
  nextPage,
  previousPage,
  searchFromFilters,
} from "./leads-filters.ts";

describe("lead filters in the address", () => {
  it("round-trips every filter and leaves defaults out", () => {
    const filters = filtersFromSearch("?q=ana&band=hot&stage=mql&grade=A&model=b2b&sort=-activity");
    expect(filters).toEqual({
      q: "ana",
      band: "hot",
      stage: "mql",
      grade: "A",
      model: "b2b",
      sort: "-activity",
    });
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(searchFromFilters(filtersFromSearch(""))).toBe("");
  });

  it("falls back to the highest score first for an unknown sort", () => {
    expect(filtersFromSearch("sort=name").sort).toBe("-score");
  });

  it("knows when any filter is active", () => {
    expect(hasActiveFilters(filtersFromSearch("sort=score"))).toBe(false);
    expect(hasActiveFilters(filtersFromSearch("grade=B"))).toBe(true);
  });
});

describe("cursor trail", () => {
  it("goes forward and back without offsets", () => {
    const second = nextPage(firstPage, "c1");
    const third = nextPage(second, "c2");
    expect(currentCursor(third)).toBe("c2");
    expect(currentCursor(previousPage(third))).toBe("c1");
    expect(currentCursor(previousPage(previousPage(third)))).toBeUndefined();
    expect(previousPage(firstPage)).toBe(firstPage);
  });
});

describe("the Leads page's default model", () => {
  it.each([
    { models: ["car-dealer", "saas-main"], queues: ["saas-main"], expected: "saas-main" },
    { models: ["saas-main", "car-dealer"], queues: [], expected: "car-dealer" },
    { models: ["car-dealer", "saas-main"], queues: ["gone", "saas-main"], expected: "saas-main" },
    { models: ["car-dealer"], queues: [undefined], expected: "car-dealer" },
    { models: [], queues: ["saas-main"], expected: "" },
  ])("models $models, queues over $queues → $expected", ({ models, queues, expected }) => {
    expect(defaultLeadsModel(models, queues)).toBe(expected);
  });
});
