// How the emulators' tasks progress over emulator time, for the status APIs (`wait: true`): each
// accepted task is pending, then runs to 100 % over a set time, and ends complete, or failed, or
// never ends, as the test chooses per URL. Time is the emulator's `now`, so tests inject it.

export interface TaskProgressOptions {
  /** Listed as pending (0 %) for this long after acceptance; default 0. */
  pendingMs?: number
  /** From acceptance to the end; default 60,000 (DCDN documents minutes, tests want less). */
  durationMs?: number
  /** A task any of whose URLs this returns a reason for ends failed with that reason. */
  failure?: (url: string) => string | undefined
  /** A task any of whose URLs this is true for never ends (stays at 50 %). */
  stuck?: (url: string) => boolean
}

export type TaskPhase = 'pending' | 'running' | 'complete' | 'failed'

export interface TaskProgress {
  phase: TaskPhase
  /** 0–100, whole. */
  percent: number
  /** Why a failed task failed. */
  reason?: string
}

/** Where a task accepted at `at` for `urls` stands at `now`. */
export function progressAt(
  task: { at: number; urls: readonly string[] },
  now: number,
  options: TaskProgressOptions = {}
): TaskProgress {
  const pending = options.pendingMs ?? 0
  const duration = Math.max(options.durationMs ?? 60_000, pending + 1)
  const elapsed = now - task.at
  if (elapsed < pending) return { phase: 'pending', percent: 0 }
  const stuck = task.urls.some(url => options.stuck?.(url) ?? false)
  const percent = Math.min(100, Math.floor(((elapsed - pending) * 100) / (duration - pending)))
  if (stuck) return { phase: 'running', percent: Math.min(percent, 50) }
  if (percent < 100) return { phase: 'running', percent }
  for (const url of task.urls) {
    const reason = options.failure?.(url)
    if (reason !== undefined) return { phase: 'failed', percent: 100, reason }
  }
  return { phase: 'complete', percent: 100 }
}
