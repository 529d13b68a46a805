import type { ReactNode } from "react";
import { createContext, useContext } from "react";
import {
  getIn,
  type Json,
  type JsonPath,
  pathKey,
  setIn,
} from "../../../src/model-editor/json-path.ts";
import type { ProblemIndex } from "../../../src/model-editor/model-problems.ts";

export interface Draft {
  readonly document: Json;
  readonly problems: ProblemIndex;
  /** Whether the model's id may still change (a model not yet published). */
  readonly isNew: boolean;
  readonly update: (change: (document: Json) => Json) => void;
}

const DraftContext = createContext<Draft | null>(null);

export function DraftProvider({ draft, children }: { draft: Draft; children: ReactNode }) {
  return <DraftContext value={draft}>{children}</DraftContext>;
}

export function useDraft(): Draft & {
  get: (path: JsonPath) => Json;
  set: (path: JsonPath, value: Json) => void;
} {
  const draft = useContext(DraftContext);
  if (draft === null) throw new Error("useDraft needs a DraftProvider above it");
  return {
    ...draft,
    get: (path) => getIn(draft.document, path),
    set: (path, value) => draft.update((document) => setIn(document, path, value)),
  };
}

/** The id of the input for a document path: problem links focus it. */
export function fieldId(path: JsonPath): string {
  return `field-${pathKey(path)}`;
}
