// The entities React escapes in a server-rendered page (", ' and &), turned back into their
// characters so a test can look for a sentence as people read it. One home for what five files
// each wrote out.
export const decodeEntities = (html: string): string =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
