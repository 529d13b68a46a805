// Immutable edits of a JSON document by path: the editor's state is the model document itself,
// so a validation problem's path is also the path of the input that shows it.

export type JsonPath = readonly (string | number)[];
export type Json = unknown;

export function isObject(value: Json): value is Readonly<Record<string, Json>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getIn(document: Json, path: JsonPath): Json {
  let node = document;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === "number") node = node[key];
    else if (isObject(node) && typeof key === "string") node = node[key];
    else return undefined;
  }
  return node;
}

/** A copy of `document` with `value` at `path` (objects and lists are created as needed); `undefined` removes the key. */
export function setIn(document: Json, path: JsonPath, value: Json): Json {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof key === "number") {
    const list = Array.isArray(document) ? [...document] : [];
    const next = setIn(list[key], rest, value);
    if (next === undefined && rest.length === 0) list.splice(key, 1);
    else list[key] = next;
    return list;
  }
  const object: Record<string, Json> = isObject(document) ? { ...document } : {};
  const next = setIn(object[key], rest, value);
  if (next === undefined) delete object[key];
  else object[key] = next;
  return object;
}

/** Removes the list item or object key at `path`. */
export function removeIn(document: Json, path: JsonPath): Json {
  return setIn(document, path, undefined);
}

/** Inserts `value` into the list at `path` (at the end unless `index` is given). */
export function insertIn(document: Json, path: JsonPath, value: Json, index?: number): Json {
  const current = getIn(document, path);
  const list = Array.isArray(current) ? [...current] : [];
  list.splice(index ?? list.length, 0, value);
  return setIn(document, path, list);
}

/** Moves a list item by `offset` places (−1 up, +1 down); out of range does nothing. */
export function moveIn(document: Json, path: JsonPath, index: number, offset: number): Json {
  const current = getIn(document, path);
  if (!Array.isArray(current)) return document;
  const target = index + offset;
  if (target < 0 || target >= current.length) return document;
  const list = [...current];
  const [item] = list.splice(index, 1);
  list.splice(target, 0, item);
  return setIn(document, path, list);
}

/** Renames an object key in place (keeping its position); refuses to overwrite another key. */
export function renameKey(document: Json, path: JsonPath, from: string, to: string): Json {
  const current = getIn(document, path);
  if (!isObject(current) || from === to || to in current) return document;
  const renamed: Record<string, Json> = {};
  for (const [key, value] of Object.entries(current)) renamed[key === from ? to : key] = value;
  return setIn(document, path, renamed);
}

/** A stable string for a path, used as a map key and an element id. */
export function pathKey(path: JsonPath): string {
  return path.map(String).join("/");
}

/** A JSON pointer (`/engagement/0/limit/times`) into its path; numeric segments become indexes. */
export function pathFromPointer(pointer: string): JsonPath {
  if (pointer === "") return [];
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
