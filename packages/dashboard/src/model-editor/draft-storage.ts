// Unpublished drafts survive a reload or a visit to another page: kept in the browser per model id.
import { isObject, type Json } from "./json-path.ts";

export interface StoredDraft {
  /** The published version the draft started from; null for a model not published yet. */
  readonly baseVersion: number | null;
  readonly document: Json;
  readonly savedAt: number;
}

const PREFIX = "leadscore.draft.";
const keyOf = (modelId: string) => `${PREFIX}${modelId}`;

export interface DraftStorage {
  /** Model ids with a draft kept. */
  ids(): string[];
  load(modelId: string): StoredDraft | null;
  save(modelId: string, draft: StoredDraft): void;
  discard(modelId: string): void;
}

export function createDraftStorage(
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length"> | null,
): DraftStorage {
  return {
    ids() {
      const ids: string[] = [];
      for (let index = 0; index < (storage?.length ?? 0); index += 1) {
        const key = storage?.key(index);
        if (key?.startsWith(PREFIX)) ids.push(key.slice(PREFIX.length));
      }
      return ids.sort();
    },
    load(modelId) {
      try {
        const raw = storage?.getItem(keyOf(modelId));
        if (raw === null || raw === undefined) return null;
        const value: Json = JSON.parse(raw);
        if (!isObject(value) || !("document" in value)) return null;
        return {
          baseVersion: typeof value.baseVersion === "number" ? value.baseVersion : null,
          document: value.document,
          savedAt: typeof value.savedAt === "number" ? value.savedAt : 0,
        };
      } catch {
        return null;
      }
    },
    save(modelId, draft) {
      try {
        storage?.setItem(keyOf(modelId), JSON.stringify(draft));
      } catch {
        // Storage full or disabled: the draft lives as long as the page.
      }
    },
    discard(modelId) {
      try {
        storage?.removeItem(keyOf(modelId));
      } catch {
        // Nothing stored to remove.
      }
    },
  };
}

/** The editor reads an engagement rule's `when: email.clicked` as `{ event: email.clicked }`. */
export function normaliseForEditor(document: Json): Json {
  if (!isObject(document) || !Array.isArray(document.engagement)) return document;
  return {
    ...document,
    engagement: document.engagement.map((rule) =>
      isObject(rule) && (typeof rule.when === "string" || Array.isArray(rule.when))
        ? { ...rule, when: { event: rule.when } }
        : rule,
    ),
  };
}
