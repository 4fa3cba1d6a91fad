// Field shapes the Alibaba APIs share in their JSON answers.
import { z } from 'zod'

/** A task ID: a string, or a number in some answers. */
export const taskIdField = z.union([z.string(), z.number()]).transform(String)

/** A count written as a string of digits, as every quota field is; a bare number is accepted too. */
export const countField = z.union([
  z.string().regex(/^\d+$/, 'expected a non-negative integer string').transform(Number),
  z.number().int().nonnegative()
])
