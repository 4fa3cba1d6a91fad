import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { gitBlobSizes } from './changes/git.js'
import type { Target } from './model.js'
import type { Logger } from './providers/provider.js'

export interface SizeSource {
  workspace: string
  /** The pushed commit, when the changes came from git: sizes are read from its tree. */
  head?: string
  deadline?: number
  logger: Logger
}

/**
 * Fills `size` for providers whose prefetch is only worth it in a size range: from the pushed
 * commit's tree when there is one (so any checkout, even a sparse or LFS one, gives the committed
 * size), else from the workspace. Removed files and direct URLs stay unknown; the plan decides
 * what unknown means. Returns how many changed files' sizes could not be read.
 */
export async function attachSizes(targets: Target[], source: SizeSource): Promise<number> {
  const wanted = new Set<string>()
  for (const t of targets) {
    const first = t.sources[0]
    if (first !== undefined && t.kind !== 'removed') wanted.add(first)
  }
  if (wanted.size === 0) return 0
  const sizes = source.head
    ? await gitBlobSizes(source.workspace, source.head, wanted, source).catch((e: unknown) => {
        source.logger.debug(`File sizes from git failed, using the workspace: ${String(e)}`)
        return undefined
      })
    : undefined
  const known = sizes ?? (await workspaceSizes(source.workspace, wanted))
  for (const t of targets) {
    const size = t.sources[0] === undefined ? undefined : known.get(t.sources[0])
    if (size !== undefined && t.kind !== 'removed') t.size = size
  }
  return [...wanted].filter(path => !known.has(path)).length
}

async function workspaceSizes(workspace: string, paths: Set<string>): Promise<Map<string, number>> {
  const sizes = new Map<string, number>()
  for (const path of paths) {
    const s = await stat(join(workspace, path)).catch(() => undefined)
    if (s?.isFile()) sizes.set(path, s.size)
  }
  return sizes
}
