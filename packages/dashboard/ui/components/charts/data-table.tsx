import type { ReactNode } from "react";

export interface DataRow {
  readonly key: string;
  /** What the row is about (a band, a month, a score range): read as the row's header. */
  readonly label: ReactNode;
  /** One value per numeric column, already formatted. */
  readonly cells: readonly ReactNode[];
}

/** A chart's data as a table: the first column names each row, the others are numbers aligned right. */
export function DataTable({
  caption,
  rowHeader,
  columns,
  rows,
}: {
  /** Read by screen readers only: what the table lists. */
  caption?: string;
  rowHeader: string;
  columns: readonly string[];
  rows: readonly DataRow[];
}) {
  return (
    <table className="table">
      {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {columns.map((column) => (
            <th key={column} scope="col" className="num">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {row.cells.map((cell, index) => (
              <td key={columns[index] ?? index} className="num">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
