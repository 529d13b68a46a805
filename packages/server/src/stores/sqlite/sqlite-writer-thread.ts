// Entry of the SQLite writer thread: commits arrive in order and are answered in order.
import { parentPort, workerData } from "node:worker_threads";
import { SqliteWriter, type WireUnit } from "./sqlite-writer.ts";
import type { WriterReply } from "./sqlite-writer-client.ts";

const port = parentPort;
if (port === null) throw new Error("sqlite-writer-thread runs as a worker thread");
const writer = new SqliteWriter((workerData as { path: string }).path);

port.on("message", (message: { id: number; unit: WireUnit } | "close") => {
  if (message === "close") {
    writer.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    const { inserted, eventsErased } = writer.commit(message.unit);
    reply = { id: message.id, ok: true, inserted, eventsErased };
  } catch (error) {
    const failure = error as { message: string; code: string; retriable: boolean };
    reply = {
      id: message.id,
      ok: false,
      message: failure.message,
      code: failure.code,
      retriable: failure.retriable,
    };
  }
  port.postMessage(reply);
});
