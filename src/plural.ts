// Counted nouns for every message people read: "1 URL", "2 URLs", "1,000 requests".

/** `n` formatted for English text, with thousands separators. */
export function formatCount(n: number): string {
  // Whole numbers (every count) without Intl: the first Intl object costs ~10 ms of start-up to
  // set up ICU, and each call allocates. Anything else keeps the locale's rules.
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US')
  const digits = String(Math.abs(n))
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1)
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3)
  return n < 0 ? '-' + out : out
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
