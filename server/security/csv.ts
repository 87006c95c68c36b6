// The console's CSV for people (the waivers' report, the findings' export): one writer, so that
// every file a spreadsheet opens is safe from formulas and keeps Vietnamese names. The audit
// trail's export has its own (server/audit/export.ts): verify.py undoes exactly its escaping.

/** The byte order mark: without it a spreadsheet reads UTF-8 as the system's code page (Sở → SÆ¡). */
const BOM = '\uFEFF'

/**
 * RFC 4180 with a header row, after a UTF-8 byte order mark; a cell a spreadsheet would read as a
 * formula (= + - @, a tab or a return first) gets a leading ' so that opening the file runs nothing.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (value: string | number): string => {
    let text = String(value)
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return `${BOM}${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`
}
