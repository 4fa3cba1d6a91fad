import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Target } from './model.js'

/**
 * Fills `size` from the workspace for providers whose prefetch is only worth it in a size range.
 * Removed files and files outside the checkout stay unknown; the plan decides what unknown means.
 */
export async function attachSizes(targets: Target[], workspace: string): Promise<void> {
  const cache = new Map<string, number | undefined>()
  for (const t of targets) {
    const source = t.sources[0]
    if (source === undefined || t.kind === 'removed') continue
    if (!cache.has(source)) {
      const s = await stat(join(workspace, source)).catch(() => undefined)
      cache.set(source, s?.isFile() ? s.size : undefined)
    }
    const size = cache.get(source)
    if (size !== undefined) t.size = size
  }
}
