import { compileCondition } from "../engine/compile-condition.ts";
import type { ModelProblem, Result, Traits } from "../types.ts";
import { parseCondition } from "./parse-condition.ts";
import type { Path } from "./problems.ts";
import { ProblemList } from "./problems.ts";

export type TraitPredicate = (traits: Traits) => boolean;

/**
 * Parses a condition on traits in the model language (`trait`, `all`, `any`, `not`, the same operators as
 * fit rules) and compiles it, for filters outside a model such as a call queue's eligibility.
 * @example
 * const parsed = parseTraitCondition({ trait: "country", in: ["ES", "MX"] });
 * if (parsed.ok) parsed.value({ country: "ES" }); // true
 */
export function parseTraitCondition(
  node: unknown,
  path: Path = [],
): Result<TraitPredicate, ModelProblem[]> {
  const problems = new ProblemList();
  const condition = parseCondition(node, path, problems, "fit");
  if (condition === null || problems.items.length > 0) return { ok: false, error: problems.items };
  const test = compileCondition(condition);
  const input = { traits: {}, properties: {}, score: 0, fit: 0, engagement: 0, seenEvents: 0 };
  return {
    ok: true,
    value: (traits) => {
      input.traits = traits;
      return test(input);
    },
  };
}
