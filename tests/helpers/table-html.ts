// Reading a DataTable's cells in the HTML a page sends (app/components/ui/data-table.tsx): each
// cell holds its column's heading for narrow screens, then its value in `.cell-value`.

/** The values of the page's table cells, in document order (values without markup of their own). */
export function cellValues(html: string): string[] {
  return [...html.matchAll(/<div class="cell-value">([^<]*)<\/div><\/td>/g)].map((m) => m[1] ?? '')
}
