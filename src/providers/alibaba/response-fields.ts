// Field shapes the Alibaba APIs share in their JSON answers.
import * as z from 'zod/mini'

/**
 * A task ID field: a string, or a number in some answers; DCDN may list several IDs separated by
 * commas (blanks around them are dropped, see splitTaskIds). Each ID is letters, digits and
 * `_ . : -`: anything else (a newline, a control character, whitespace inside an ID, no ID at all)
 * makes the answer schema-violating, so no provider text reaches the log or an output as a task ID.
 */
export const taskIdField = z.pipe(
  z.pipe(z.union([z.string(), z.number().check(z.int(), z.nonnegative())]), z.transform(String)),
  z
    .string()
    .check(z.regex(/^[ ,]*[\w.:-]{1,128}( *,[ ,]*[\w.:-]{1,128})*[ ,]*$/, 'expected task IDs'))
)

/** A count written as a string of digits, as every quota field is; a bare number is accepted too. */
export const countField = z.union([
  z.pipe(
    z.string().check(z.regex(/^\d+$/, 'expected a non-negative integer string')),
    z.transform(Number)
  ),
  z.number().check(z.int(), z.nonnegative())
])
