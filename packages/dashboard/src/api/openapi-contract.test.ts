import { describe, expect, it } from "vitest";
import { createTestApp } from "../../../server/src/http/testing/create-test-app.ts";
import type {
  ApiKey,
  Backtest,
  BacktestLeadChange,
  BacktestModelReport,
  BandRow,
  CalibrationBin,
  Claim,
  CreatedKey,
  DecileRow,
  EvaluationReport,
  Explanation,
  Feedback,
  FeedbackReport,
  Funnel,
  FunnelStep,
  Lead,
  LeadEvent,
  LeadModelScore,
  LeadModelSummary,
  LeadPage,
  LeadSummary,
  LedgerLine,
  ModelApplyReport,
  ModelDetail,
  ModelSummary,
  ModelVersion,
  OutcomeReport,
  QueueEntry,
  QueueList,
  QueuePage,
  QueueSummary,
  ScorePoint,
  SessionInfo,
  SessionUser,
  StageChange,
  User,
  UserWithPassword,
} from "./api-types.ts";
import { SECRET_KEY_SCOPES } from "./api-types.ts";

// Checks the dashboard's wire types against the server's /openapi.json: every field the dashboard
// reads must be a property of the schema it comes from. `Record<keyof T, true>` makes the lists
// exhaustive, so a field added to a type without a counterpart on the server fails here.

const fields = <T>(names: Record<keyof T, true>) => Object.keys(names);

const readByDashboard: Record<string, string[]> = {
  LeadSummary: fields<LeadSummary>({
    id: true,
    userId: true,
    email: true,
    name: true,
    company: true,
    createdAt: true,
    lastActivityAt: true,
    models: true,
  }),
  LeadPage: fields<LeadPage>({ data: true, has_more: true, next_cursor: true, counts: true }),
  Lead: fields<Lead>({
    id: true,
    userId: true,
    anonymousIds: true,
    email: true,
    name: true,
    company: true,
    traits: true,
    createdAt: true,
    lastActivityAt: true,
    models: true,
    feedback: true,
  }),
  Feedback: fields<Feedback>({ id: true, model: true, verdict: true, note: true, at: true }),
  LedgerLine: fields<LedgerLine>({
    kind: true,
    ruleId: true,
    points: true,
    basePoints: true,
    messageId: true,
    eventType: true,
    occurredAt: true,
    traits: true,
    decayFactor: true,
    cappedPoints: true,
    note: true,
  }),
  LeadEvent: fields<LeadEvent>({
    messageId: true,
    type: true,
    event: true,
    timestamp: true,
    properties: true,
  }),
  Explanation: fields<Explanation>({ modelId: true, score: true, rawScore: true, ledger: true }),
  ScorePoint: fields<ScorePoint>({
    at: true,
    score: true,
    band: true,
    messageId: true,
    eventType: true,
  }),
  ModelSummary: fields<ModelSummary>({ id: true, name: true, version: true, publishedAt: true }),
  Session: fields<SessionInfo>({ user: true, scopes: true, expiresAt: true, idleExpiresAt: true }),
  User: [
    ...fields<User>({
      id: true,
      email: true,
      role: true,
      createdAt: true,
      updatedAt: true,
      disabledAt: true,
    }),
    ...fields<SessionUser>({ id: true, email: true, role: true }),
  ],
  UserWithPassword: fields<UserWithPassword>({ user: true, password: true }),
  Key: fields<ApiKey>({
    id: true,
    kind: true,
    name: true,
    scopes: true,
    allowedOrigins: true,
    prefix: true,
    createdAt: true,
    publishableKey: true,
  }),
  CreatedKey: fields<CreatedKey>({ key: true, secret: true }),
  ModelDetail: fields<ModelDetail>({
    id: true,
    name: true,
    version: true,
    publishedAt: true,
    document: true,
  }),
  ModelVersion: fields<ModelVersion>({ version: true, publishedAt: true, retroactive: true }),
  ModelApplyReport: fields<ModelApplyReport>({
    version: true,
    retroactive: true,
    leadsRescored: true,
    bandChanges: true,
    stageChanges: true,
  }),
  Backtest: fields<Backtest>({
    cutoff: true,
    horizonMs: true,
    outcomeEvents: true,
    models: true,
    changes: true,
  }),
  BacktestModelReport: fields<BacktestModelReport>({
    modelId: true,
    name: true,
    version: true,
    evaluation: true,
    mqlsPerMonth: true,
    missedWins: true,
    skipped: true,
    feedback: true,
  }),
  EvaluationReport: fields<EvaluationReport>({
    rows: true,
    positives: true,
    conversion: true,
    auc: true,
    lift10: true,
    bands: true,
    deciles: true,
    calibration: true,
  }),
  FeedbackReport: fields<FeedbackReport>({
    marks: true,
    good: true,
    bad: true,
    meanScoreGood: true,
    meanScoreBad: true,
    agreement: true,
    bands: true,
  }),
  BacktestLeadChange: fields<BacktestLeadChange>({
    leadId: true,
    label: true,
    from: true,
    to: true,
    converted: true,
  }),
  Funnel: fields<Funnel>({
    modelId: true,
    version: true,
    outcomeEvents: true,
    from: true,
    to: true,
    cohort: true,
    steps: true,
    disqualified: true,
    won: true,
  }),
  FunnelStep: fields<FunnelStep>({
    stage: true,
    reached: true,
    conversionFromPrevious: true,
    conversionFromCohort: true,
    current: true,
    medianTimeInStageMs: true,
    movedOn: true,
  }),
  QueueSummary: fields<QueueSummary>({
    id: true,
    name: true,
    model: true,
    size: true,
    version: true,
    revision: true,
  }),
  QueueList: fields<QueueList>({ data: true, has_more: true }),
  QueueEntry: fields<QueueEntry>({
    leadId: true,
    userId: true,
    name: true,
    email: true,
    company: true,
    score: true,
    band: true,
    stage: true,
    grade: true,
    lastActivityAt: true,
    presentNow: true,
    callbackDue: true,
    reasonCode: true,
    reason: true,
  }),
  QueuePage: fields<QueuePage>({
    queue: true,
    version: true,
    size: true,
    data: true,
    has_more: true,
  }),
  Claim: fields<Claim>({
    claimId: true,
    queue: true,
    agentId: true,
    claimedAt: true,
    leaseUntil: true,
    lead: true,
  }),
  OutcomeReport: fields<OutcomeReport>({
    messageId: true,
    leadId: true,
    event: true,
    outcome: true,
    status: true,
    callbackAt: true,
    releasedClaim: true,
  }),
};

/** Fields of items the report types nest, by the component and list property that holds them. */
const nestedItems: [string, string, string[]][] = [
  [
    "EvaluationReport",
    "bands",
    fields<BandRow>({
      name: true,
      from: true,
      rows: true,
      positives: true,
      conversion: true,
      atOrAbove: true,
    }),
  ],
  [
    "EvaluationReport",
    "deciles",
    fields<DecileRow>({
      decile: true,
      rows: true,
      positives: true,
      conversion: true,
      lift: true,
      cumulativeGain: true,
      cumulativeLift: true,
      minScore: true,
    }),
  ],
  [
    "EvaluationReport",
    "calibration",
    fields<CalibrationBin>({
      from: true,
      to: true,
      rows: true,
      positives: true,
      conversion: true,
      meanScore: true,
    }),
  ],
  [
    "FeedbackReport",
    "bands",
    fields<FeedbackReport["bands"][number]>({ name: true, from: true, good: true, bad: true }),
  ],
  [
    "BacktestModelReport",
    "mqlsPerMonth",
    fields<BacktestModelReport["mqlsPerMonth"][number]>({ month: true, count: true }),
  ],
];

const leadModelFields = fields<LeadModelScore>({
  score: true,
  band: true,
  stage: true,
  grade: true,
  fit: true,
  engagement: true,
  stageHistory: true,
  scoredAt: true,
});
const summaryModelFields = fields<LeadModelSummary>({
  score: true,
  band: true,
  stage: true,
  grade: true,
});
const stageChangeFields = fields<StageChange>({
  stage: true,
  from: true,
  at: true,
  cause: true,
  messageId: true,
  reason: true,
});

interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  enum?: string[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  items?: JsonSchema;
}

async function loadSchemas(): Promise<Record<string, JsonSchema>> {
  const { call } = createTestApp();
  const response = await call("GET", "/openapi.json");
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    components: { schemas: Record<string, JsonSchema> };
  };
  allSchemas = document.components.schemas;
  return document.components.schemas;
}

let allSchemas: Record<string, JsonSchema> = {};

/** Property names of a schema, through `allOf` parts and `$ref`s (an `extend`ed schema is an allOf). */
function propertiesOf(schema: JsonSchema | undefined): string[] {
  if (schema === undefined) return [];
  if (schema.$ref !== undefined)
    return propertiesOf(allSchemas[schema.$ref.split("/").at(-1) ?? ""]);
  return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap(propertiesOf)];
}

describe("the dashboard's API types against /openapi.json", () => {
  it.each(Object.entries(readByDashboard))(
    "%s has every field the dashboard reads",
    async (name, read) => {
      const schemas = await loadSchemas();
      expect(propertiesOf(schemas[name])).toEqual(expect.arrayContaining(read));
    },
  );

  it("has every per-model and stage-history field the lead page reads", async () => {
    const schemas = await loadSchemas();
    const leadModel = schemas.Lead?.properties?.models?.additionalProperties;
    expect(propertiesOf(leadModel)).toEqual(expect.arrayContaining(leadModelFields));
    expect(propertiesOf(leadModel?.properties?.stageHistory?.items)).toEqual(
      expect.arrayContaining(stageChangeFields),
    );
    const summaryModel = schemas.LeadSummary?.properties?.models?.additionalProperties;
    expect(propertiesOf(summaryModel)).toEqual(expect.arrayContaining(summaryModelFields));
  });

  it.each(nestedItems)(
    "%s.%s items have every field the reports read",
    async (name, list, read) => {
      const schemas = await loadSchemas();
      expect(propertiesOf(schemas[name]?.properties?.[list]?.items)).toEqual(
        expect.arrayContaining(read),
      );
    },
  );

  it("has every field of the comparison's changed leads", async () => {
    const schemas = await loadSchemas();
    const changes = schemas.Backtest?.properties?.changes;
    const object = changes?.anyOf?.find((option) => option.properties !== undefined) ?? changes;
    expect(propertiesOf(object)).toEqual(expect.arrayContaining(["total", "converted", "sample"]));
  });

  it("offers exactly the scopes and roles the server accepts", async () => {
    const schemas = await loadSchemas();
    expect(schemas.Key?.properties?.scopes?.items?.enum?.sort()).toEqual(
      [...SECRET_KEY_SCOPES].sort(),
    );
    const roles: Record<User["role"], true> = { admin: true, marketer: true, agent: true };
    expect(schemas.User?.properties?.role?.enum?.sort()).toEqual(Object.keys(roles).sort());
  });
});
