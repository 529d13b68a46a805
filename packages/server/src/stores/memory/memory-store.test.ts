import { runLeadStoreContract } from "../store-contract.ts";
import { MemoryStore } from "./memory-store.ts";

runLeadStoreContract("memory", async () => new MemoryStore());
