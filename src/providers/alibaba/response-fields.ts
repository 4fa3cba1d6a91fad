// Field shapes the Alibaba APIs share in their JSON answers.
import { z } from 'zod'

/**
 * A task ID field: a string, or a number in some answers; DCDN may list several IDs separated by
 * commas (blanks around them are dropped, see splitTaskIds). Each ID is letters, digits and
 * `_ . : -`: anything else (a newline, a control character, whitespace inside an ID, no ID at all)
 * makes the answer schema-violating, so no provider text reaches the log or an output as a task ID.
 */
export const taskIdField = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(
    z.string().regex(/^[ ,]*[\w.:-]{1,128}( *,[ ,]*[\w.:-]{1,128})*[ ,]*$/, 'expected task IDs')
  )

/** A count written as a string of digits, as every quota field is; a bare number is accepted too. */
export const countField = z.union([
  z.string().regex(/^\d+$/, 'expected a non-negative integer string').transform(Number),
  z.number().int().nonnegative()
])
