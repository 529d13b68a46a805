// The scoring core words its problems in English. The editor shows them in the reader's language:
// each known wording maps to a message key (with the values it quotes); an unknown one is shown as is.
import type { MessageKey } from "../i18n/messages-en.ts";

export interface ProblemText {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, string>>;
}

const PATTERNS: readonly [RegExp, MessageKey, readonly string[]][] = [
  [/^unknown key "(.*)"; expected/, "problem.unknownKey", ["key"]],
  [/^unexpected key "(.*)" here$/, "problem.unknownKey", ["key"]],
  [/^bad duration /, "problem.duration", []],
  [/^.* must be a number, got/, "problem.number", []],
  [/^.* must be greater than 0$/, "problem.positive", []],
  [/^times must be a whole number$/, "problem.whole", []],
  [/^"(.*)" needs a number, got/, "problem.number", []],
  [/^"(.*)" needs a list of plain values/, "problem.list", []],
  [/^"(.*)" needs a string, number, boolean or null/, "problem.scalar", []],
  [/^"(.*)" needs a string, got/, "problem.text", []],
  [/^"matches" needs a regular expression/, "problem.text", []],
  [/^bad regular expression: /, "problem.regex", []],
  [/^"exists" needs true or false/, "problem.boolean", []],
  [/^unknown predicate "(.*)"/, "problem.operator", ["op"]],
  [/^a rule needs an id of letters/, "problem.ruleId", []],
  [/^duplicate rule id "(.*)"$/, "problem.duplicateRuleId", ["id"]],
  [/^a model id is lower-case/, "problem.modelId", []],
  [/^duplicate band name "(.*)"$/, "problem.duplicateBand", ["name"]],
  [
    /^bands must be ascending: (\S+) is not above (\S+)$/,
    "problem.bandsAscending",
    ["from", "previous"],
  ],
  [/^the first band must start at scale\.min \((.*)\)$/, "problem.firstBand", ["min"]],
  [/^a model needs at least one band$/, "problem.noBands", []],
  [/^a band is \{ name, from \}/, "problem.band", []],
  [/^scale\.min \((.*)\) must be below scale\.max \((.*)\)$/, "problem.scale", ["min", "max"]],
  [/^unknown stage /, "problem.stage", []],
  [/^an event type is a non-empty string/, "problem.eventType", []],
  [/^a trait name is a non-empty string$/, "problem.traitName", []],
  [/^"(all|any)" needs a non-empty list of conditions$/, "problem.emptyGroup", []],
  [/^"per" names the field to count/, "problem.perField", []],
  [/^points must be a number or/, "problem.points", []],
  [/^limit is \{ times/, "problem.limit", []],
  [/^grading windows must grow/, "problem.grading", []],
  [/^at most 30 event conditions/, "problem.eventConditions", []],
  [/^decay is "none"/, "problem.decay", []],
  [/^name must be a string$/, "problem.text", []],
  [/^a property name is a non-empty string$/, "problem.propertyName", []],
  [/^expected a condition object/, "problem.condition", []],
  [/^unknown condition /, "problem.condition", []],
  [/^expected \{ event: <type>/, "problem.eventType", []],
  [/^"where" is a map of property names/, "problem.where", []],
  [/^expected a value or a predicate object/, "problem.scalar", []],
  [/^expected a list, got/, "problem.list", []],
  [/^(a fit rule|an engagement rule|a stage rule) is /, "problem.rule", []],
  [/^scale is \{ min, max \}$/, "problem.scaleShape", []],
  [/^grading is /, "problem.grading", []],
  [/^a model is an object/, "problem.model", []],
];

/** The message key for a core problem, or null when its wording is not known here. */
export function problemText(message: string): ProblemText | null {
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(message);
    if (match === null) continue;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = match[index + 1] ?? "";
    });
    return { key, params };
  }
  return null;
}
