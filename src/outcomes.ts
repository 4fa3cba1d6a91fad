import type { BatchOutcome, PlanItem } from './model.js'

/**
 * Returns the plan with every batched item carrying its batch's outcome; the input is not changed.
 * Items are matched by identity (batches hold the plan's own item objects); items in no batch
 * (skipped while planning) come back as they were. Several task IDs for one request are joined
 * with `,`, as DCDN itself does.
 */
export function applyOutcomes(
  items: readonly PlanItem[],
  outcomes: readonly BatchOutcome[]
): PlanItem[] {
  const byItem = new Map<PlanItem, BatchOutcome>()
  for (const outcome of outcomes) {
    for (const item of outcome.batch.items) byItem.set(item, outcome)
  }
  return items.map(item => {
    const outcome = byItem.get(item)
    if (!outcome) return item
    const {
      reason: _reason,
      detail: _detail,
      taskId: _taskId,
      errorCode: _errorCode,
      ...base
    } = item
    return {
      ...base,
      status: outcome.status,
      ...(outcome.reason !== undefined && { reason: outcome.reason }),
      ...(outcome.detail !== undefined && { detail: outcome.detail }),
      ...(outcome.taskIds.length > 0 && { taskId: outcome.taskIds.join(',') }),
      ...(outcome.errorCode !== undefined && { errorCode: outcome.errorCode })
    }
  })
}
