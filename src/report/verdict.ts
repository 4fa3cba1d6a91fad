import type { FailOn } from '../inputs.js'
import type { SkipReason } from '../model.js'
import { countOf, wasWere } from '../plural.js'
import type { Report } from './report.js'
import { completionAnnotations, completionFailure } from '../wait/report.js'
import { logLine } from '../workflow-text.js'

export interface Annotation {
  level: 'warning' | 'error'
  message: string
}

/** Skips that mean work the user wanted was not done (as opposed to rule or dry-run skips). */
const NOT_DONE: ReadonlySet<SkipReason> = new Set(['quota', 'time-budget', 'aborted'])

function countSkipped(report: Report, reason: SkipReason): number {
  return report.urls.filter(u => u.status === 'skipped' && u.reason === reason).length
}

/** The annotations that tell people in the run view what the summary tells in detail. */
export function annotationsOf(report: Report): Annotation[] {
  const out: Annotation[] = []
  const quota = countSkipped(report, 'quota')
  if (quota) {
    out.push({
      level: 'warning',
      message: `${countOf(quota, 'URL operation')} ${wasWere(quota)} skipped because the ${report.providerTitle} quota is used up; see the job summary.`
    })
  }
  const time = countSkipped(report, 'time-budget')
  if (time) {
    out.push({
      level: 'warning',
      message: `${countOf(time, 'URL operation')} ${wasWere(time)} not submitted before the timeout ran out; see the job summary.`
    })
  }
  for (const t of report.tasks) {
    if (t.status === 'failed') {
      out.push({
        level: 'error',
        // The provider's code and message: one line, no workflow command, whatever they hold.
        message: logLine(
          `A ${t.operation} request for ${countOf(t.urls, 'URL')} failed: ${t.errorCode ?? 'error'}: ${t.detail ?? ''}`
        )
      })
    }
  }
  const aborted = countSkipped(report, 'aborted')
  if (aborted) {
    out.push({
      level: 'warning',
      message: `${countOf(aborted, 'URL operation')} ${wasWere(aborted)} not submitted because the run stopped first.`
    })
  }
  out.push(...completionAnnotations(report.completion))
  return out
}

/** Why the step fails under `fail-on`, or undefined when it passes. */
export function failureOf(report: Report, failOn: FailOn): string | undefined {
  if (failOn === 'never') return undefined
  if (failOn === 'incomplete') {
    const incomplete = completionFailure(report.completion)
    if (incomplete && !(report.counts.refresh.failed + report.counts.prefetch.failed))
      return incomplete
  }
  const failed = report.counts.refresh.failed + report.counts.prefetch.failed
  if (failed > 0) {
    return `${countOf(failed, 'URL operation')} failed at ${report.providerTitle}; see the job summary and the report (${report.reportPath}).`
  }
  if (failOn === 'skipped') {
    const notDone = report.urls.filter(
      u => u.status === 'skipped' && u.reason && NOT_DONE.has(u.reason)
    ).length
    if (notDone > 0) {
      return `${countOf(notDone, 'URL operation')} ${wasWere(notDone)} skipped for quota, time or because the run stopped (fail-on: skipped).`
    }
  }
  return undefined
}
