// Entry of the SQLite writer thread: requests arrive in order and are answered in order.
import { parentPort, workerData } from "node:worker_threads";
import { SqliteWriter } from "./sqlite-writer.ts";
import type { WriterReply, WriterRequest } from "./sqlite-writer-client.ts";

const port = parentPort;
if (port === null) throw new Error("sqlite-writer-thread runs as a worker thread");
const writer = new SqliteWriter((workerData as { path: string }).path);

function run(request: WriterRequest): unknown {
  switch (request.op) {
    case "commit":
      return writer.commit(request.unit);
    case "claimIdempotency":
      return writer.claimIdempotency(...request.args);
    case "finishIdempotency":
      return writer.finishIdempotency(...request.args);
    case "startSession":
      return writer.startSession(...request.args);
    case "claimLead":
      return writer.claimLead(...request.args);
    case "renewClaim":
      return writer.renewClaim(...request.args);
  }
}

port.on("message", (message: WriterRequest | "close") => {
  if (message === "close") {
    writer.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: message.id, ok: true, value: run(message) };
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
