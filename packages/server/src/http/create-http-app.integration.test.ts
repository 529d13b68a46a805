import { describe } from "vitest";
import { createTestDatabase, postgresAvailable } from "../testing/postgres-test-database.ts";
import { runHttpApiSuite } from "./testing/http-api-suite.ts";

const available = await postgresAvailable("the HTTP API suite on PostgreSQL");

describe.skipIf(!available)("PostgreSQL", () => {
  runHttpApiSuite("postgres", async () => {
    const database = await createTestDatabase();
    return { options: { databaseUrl: database.url }, dispose: () => database.drop() };
  });
});
