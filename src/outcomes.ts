import type { Batch, BatchOutcome, PlanItem } from './model.js'

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
      mayHaveBeenAccepted: _mayHaveBeenAccepted,
      ...base
    } = item
    return {
      ...base,
      status: outcome.status,
      ...(outcome.reason !== undefined && { reason: outcome.reason }),
      ...(outcome.detail !== undefined && { detail: outcome.detail }),
      ...(outcome.taskIds.length > 0 && { taskId: outcome.taskIds.join(',') }),
      ...(outcome.errorCode !== undefined && { errorCode: outcome.errorCode }),
      ...(outcome.mayHaveBeenAccepted && { mayHaveBeenAccepted: true })
    }
  })
}

/** What a dry run reports for each request it would have sent: skipped, reason `dry-run`. */
export function dryRunOutcomes(batches: readonly Batch[]): BatchOutcome[] {
  return batches.map(batch => ({
    batch,
    status: 'skipped',
    reason: 'dry-run',
    taskIds: [],
    attempts: 0
  }))
}

/**
 * Items still `planned` once a run is over never reached the provider (the run stopped first):
 * they are reported as skipped, reason `aborted`, so that nothing is left without a status; or,
 * when `errorCode` is given (the provider kept failing, e.g. never answered a lookup every write
 * needs), as failed with that error: a provider that does not answer is a failure, not a skip.
 */
export function closeUnfinished(
  items: readonly PlanItem[],
  detail: string,
  errorCode?: string
): PlanItem[] {
  return items.map(item => {
    if (item.status !== 'planned') return item
    return errorCode === undefined
      ? { ...item, status: 'skipped', reason: 'aborted', detail }
      : { ...item, status: 'failed', errorCode, detail }
  })
}
