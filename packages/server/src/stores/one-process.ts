import type { LogPosition, RemoteChanges, WriteLock } from "../ports/store.ts";

/**
 * The multi-process part of the store port for a store that one process owns (memory, SQLite):
 * there is nothing to lock, and no other process's commits to follow.
 */
export abstract class OneProcessStore {
  readonly shared = false;

  async lockWrites(): Promise<WriteLock> {
    return { id: 0 };
  }

  async releaseWrites(): Promise<void> {}

  async logPosition(): Promise<LogPosition> {
    return { changeSeq: 0, eventSeq: 0 };
  }

  async readRemoteChanges(from: LogPosition): Promise<RemoteChanges> {
    return { units: [], events: [], position: from, more: false };
  }

  watchRemoteCommits(): () => void {
    return () => undefined;
  }
}
