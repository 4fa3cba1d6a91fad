import type { Operation } from '../model.js'
import type { Report } from './report.js'
import { outputToken } from '../workflow-text.js'
import { completionOutputs } from '../wait/report.js'

export type Outputs = Record<
  | 'refresh-task-ids'
  | 'prefetch-task-ids'
  | 'refreshed'
  | 'prefetched'
  | 'skipped'
  | 'failed'
  | 'quota-remaining'
  | 'report'
  | 'completed'
  | 'incomplete-task-ids',
  string
>

function taskIds(report: Report, op: Operation): string {
  const ids = new Set<string>()
  for (const t of report.tasks)
    if (t.operation === op && t.status === 'submitted')
      t.taskIds.forEach(id => ids.add(outputToken(id)))
  // One line whatever the provider returned: an ID with a comma or a newline cannot split it.
  return [...ids].join(',')
}

/** The step outputs: small values only; the lists live in the report file. */
export function outputsOf(report: Report): Outputs {
  const { refresh, prefetch } = report.counts
  // After-quota when it was read, else the before-quota (dry run), else nulls.
  const afterKnown = Object.values(report.quota.after).some(v => v !== null)
  return {
    'refresh-task-ids': taskIds(report, 'refresh'),
    'prefetch-task-ids': taskIds(report, 'prefetch'),
    refreshed: String(refresh.submitted),
    prefetched: String(prefetch.submitted),
    skipped: String(refresh.skipped + prefetch.skipped),
    failed: String(refresh.failed + prefetch.failed),
    'quota-remaining': JSON.stringify(afterKnown ? report.quota.after : report.quota.before),
    report: report.reportPath,
    ...completionOutputs(report.completion, outputToken)
  }
}
