import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('the console CSV', () => {
  it('starts with the UTF-8 mark so that a spreadsheet keeps Vietnamese names', () => {
    const csv = toCsv(['Cơ quan'], [['Sở Khoa học và Công nghệ'], ['UBND xã Đồng Đăng']])
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(csv.slice(1)).toBe('Cơ quan\r\nSở Khoa học và Công nghệ\r\nUBND xã Đồng Đăng\r\n')
  })

  it('defuses cells a spreadsheet would run as formulas, and quotes what RFC 4180 asks', () => {
    const csv = toCsv(['a', 'b', 'c', 'd', 'e', 'f'], [['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', 'a,"b"\nc']])
    expect(csv.slice(1).split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),'\tx,"a,""b""\nc"`)
  })

  it('treats a leading minus as a formula, in numbers too', () => {
    expect(toCsv(['n'], [[42], [-3]]).slice(1)).toBe("n\r\n42\r\n'-3\r\n")
  })
})
