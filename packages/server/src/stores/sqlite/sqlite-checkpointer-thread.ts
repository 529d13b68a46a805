// Entry of the WAL checkpointer thread (see sqlite-checkpointer.ts): a connection of its own that copies
// the WAL into the database every `everyMs`, beside the writer's commits instead of inside one.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, everyMs } = workerData as { path: string; everyMs: number };
const db = new Database(path);
db.pragma("synchronous = FULL");
const timer = setInterval(() => {
  try {
    // Never waits for the writer; copies what it can, the next tick copies the rest.
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Transient (I/O, a busy lock): the next tick tries again; the writer's autocheckpoint is the bound.
  }
}, everyMs);

parentPort?.on("message", (message: unknown) => {
  if (message !== "close") return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
