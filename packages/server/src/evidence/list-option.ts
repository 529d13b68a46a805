/** Splits a `--flag a,b` option (repeatable) into trimmed names. */
export function listOption(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
}
