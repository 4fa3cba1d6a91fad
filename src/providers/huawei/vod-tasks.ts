// Task status for `wait: true` on VOD: ShowPreheatingAsset (providers.md §5.3), one task a call,
// a status per URL. The response is zod-validated in vod.ts (statuses compared case-insensitively:
// the doc writes them in lower case, an older SDK enum in upper case).
import type { StatusAnswer, StatusRequest, StatusSpec } from '../task-status.js'
import type { VodClient } from './vod.js'

export const VOD_STATUS: StatusSpec = {
  api: 'ShowPreheatingAsset',
  tasksPerCall: 1,
  // UNCONFIRMED: no per-second rate is documented for the query; VOD counts it in the tenant's 100
  // calls a minute together with pre-loads, so it shares that window and is kept to 2 a second.
  requestWindow: { requests: 2, windowMs: 1000 },
  sharesRateWith: 'prefetch'
}

/** One task: complete when every URL succeeded, failed when any failed, else running. */
export async function showPreheatingTasks(
  vod: VodClient,
  tasks: readonly StatusRequest[]
): Promise<StatusAnswer[]> {
  const answers: StatusAnswer[] = []
  for (const task of tasks) {
    if (!task.taskId) {
      answers.push({ key: task.key, state: 'not-found' })
      continue
    }
    const { results } = await vod.showPreheating(task.taskId)
    if (results.length === 0) {
      answers.push({ key: task.key, state: 'not-found' })
      continue
    }
    const done = results.filter(r => r.status !== 'processing').length
    const progress = Math.floor((done * 100) / results.length)
    const failed = results.filter(r => r.status === 'failed')
    if (failed.length > 0 && done === results.length) {
      const urls = failed.map(r => r.url)
      const shown = urls.slice(0, 3).join(', ') + (urls.length > 3 ? ', …' : '')
      answers.push({
        key: task.key,
        state: 'failed',
        progress,
        detail: `pre-load failed for ${failed.length} of ${results.length} URLs: ${shown}`
      })
    } else if (done === results.length) answers.push({ key: task.key, state: 'complete', progress })
    else answers.push({ key: task.key, state: 'running', progress })
  }
  return answers
}
