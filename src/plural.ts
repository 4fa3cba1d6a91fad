// Counted nouns for every message people read: "1 URL", "2 URLs", "1,000 requests".

/** `n` formatted for English text, with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** "1 URL", "3 URLs", "1 attempt", "2 file names"; `pluralForm` for irregular nouns. */
export function countOf(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`
}

/** The noun alone, agreeing with `n`. */
export function nounFor(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm
}

/** "was"/"were" agreeing with `n`. */
export function wasWere(n: number): string {
  return n === 1 ? 'was' : 'were'
}
