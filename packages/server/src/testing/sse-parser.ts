// Test and benchmark support: reads Server-Sent Events the way EventSource does.

export interface SseEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

/** Feed it text as it arrives; it hands out complete events. Comment lines are counted, not returned. */
export class SseParser {
  #buffer = "";
  comments = 0;

  push(text: string): SseEvent[] {
    this.#buffer += text;
    const events: SseEvent[] = [];
    for (let end = this.#buffer.indexOf("\n\n"); end >= 0; end = this.#buffer.indexOf("\n\n")) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let id: string | null = null;
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) this.comments++;
        else if (line.startsWith("id: ")) id = line.slice(4);
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length > 0) events.push({ id, event, data: data.join("\n") });
    }
    return events;
  }
}

export interface QueueStreamEntry {
  readonly leadId: string;
  readonly userId: string | null;
  readonly grade: string;
  readonly score: number;
}

/** A client's copy of a queue view, kept by applying snapshot and update events. */
export class QueueViewClient {
  order: string[] = [];
  readonly entries = new Map<string, QueueStreamEntry>();
  version = -1;
  size = 0;
  lastEventId: string | null = null;

  apply(event: SseEvent): void {
    const body = JSON.parse(event.data) as {
      version: number;
      size: number;
      data?: QueueStreamEntry[];
      order?: (string | number)[];
      upsert?: QueueStreamEntry[];
      remove?: string[];
    };
    if (event.event === "snapshot") {
      this.entries.clear();
      for (const entry of body.data ?? []) this.entries.set(entry.leadId, entry);
      this.order = (body.data ?? []).map((e) => e.leadId);
    } else {
      for (const id of body.remove ?? []) this.entries.delete(id);
      for (const entry of body.upsert ?? []) this.entries.set(entry.leadId, entry);
      const previous = this.order;
      if (body.order !== undefined)
        this.order = body.order.map((item) =>
          typeof item === "number" ? (previous[item] ?? "") : item,
        );
    }
    this.version = body.version;
    this.size = body.size;
    this.lastEventId = event.id;
  }

  list(): QueueStreamEntry[] {
    return this.order.flatMap((id) => {
      const entry = this.entries.get(id);
      return entry === undefined ? [] : [entry];
    });
  }
}
