import type { Operation } from '../model.js'
import { countOf, formatCount } from '../plural.js'
import type { Report, ReportUrl } from './report.js'
import { summaryText } from '../workflow-text.js'
import { completionSummary } from '../wait/report.js'

/** GitHub rejects a step summary above 1 MiB; stay well below it. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024
/** Entries shown per collapsible list before pointing at the report. */
export const LIST_LIMIT = 200

const REASON_TEXT: Record<string, string> = {
  unsupported: 'provider cannot do this',
  'url-too-long': 'URL too long for the provider',
  size: 'file size outside the provider range',
  quota: 'quota',
  'dry-run': 'dry run',
  'time-budget': 'time budget ran out',
  aborted: 'not sent, the run stopped first',
  'refresh-incomplete': 'waited for its refresh, which did not complete'
}

// Every value shown is escaped for HTML and Markdown alike (file names, URLs, provider task IDs and
// messages may contain anything), and no line break survives to end an HTML block or a table row.
const esc = summaryText

const n = formatCount

function shortSha(sha?: string): string {
  return sha ? esc(sha.slice(0, 7)) : '?'
}

function outcomeText(report: Report, op: Operation): string {
  const c = report.counts[op]
  if (c.wanted === 0) return 'nothing to do'
  const wouldSubmit = report.urls.filter(
    u => u.operation === op && u.status === 'skipped' && u.reason === 'dry-run'
  ).length
  if (report.mode === 'dry-run') {
    const rest = c.skipped - wouldSubmit
    return `would submit ${n(wouldSubmit)}${rest > 0 ? `; ⚠️ ${n(rest)} would be skipped` : ''}`
  }
  const parts: string[] = []
  if (c.submitted) parts.push(`${n(c.submitted)} accepted`)
  if (c.skipped) parts.push(`${n(c.skipped)} skipped`)
  if (c.failed) parts.push(`${n(c.failed)} failed`)
  const icon = c.failed ? '❌' : c.skipped && report.mode === 'live' ? '⚠️' : '✅'
  return `${icon} ${parts.join(', ')}`
}

function taskIdsText(report: Report, op: Operation): string {
  const ids = report.tasks
    .filter(t => t.operation === op && t.status === 'submitted')
    .flatMap(t => t.taskIds)
  if (ids.length === 0) {
    const accepted = report.tasks.some(t => t.operation === op && t.accepted)
    return accepted && !report.taskIdsReturned ? 'none: the provider returns no task IDs' : '—'
  }
  // <code>, not a code span: inside backticks a reference would show as typed.
  const shown = ids.slice(0, 10).map(id => `<code>${esc(id)}</code>`)
  return ids.length > 10 ? `${shown.join(', ')} … (${ids.length} in all)` : shown.join(', ')
}

function quotaCell(v: number | null | undefined): string {
  return v === null || v === undefined ? 'unknown' : n(v)
}

/** Longest reason shown per URL, in characters of the raw text (the report has it all). */
const REASON_CHARS = 400

function urlLine(u: ReportUrl): string {
  const cut = (text: string): string =>
    text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS)}…` : text
  const why =
    u.status === 'failed'
      ? `${u.errorCode ? `<code>${esc(u.errorCode)}</code> ` : ''}${esc(cut(u.detail ?? 'failed'))}`
      : `${esc(REASON_TEXT[u.reason ?? ''] ?? u.reason ?? 'skipped')}${u.detail ? `: ${esc(cut(u.detail))}` : ''}`
  // Cut before escaping, never after: a cut through `&#60;` or `<code>` would break the list.
  return `<li>${subject(u)} — ${why}</li>`
}

function dryRunLine(u: ReportUrl): string {
  return `<li>${subject(u)}</li>`
}

/** "refresh <code>URL</code>", or "prefetch asset <code>ID</code>". */
function subject(u: ReportUrl): string {
  const type = u.objectType && u.objectType !== 'file' ? ` ${u.objectType}` : ''
  return `${u.operation}${type} <code>${esc(u.url)}</code>`
}

/** A collapsible list; `total` counts the entries, of which `lines` shows the first ones. */
function details(title: string, lines: string[], total: number, grouped = false): string {
  const more =
    !grouped && total > lines.length
      ? `<li>… and ${n(total - lines.length)} more: see the JSON report (below).</li>`
      : ''
  return `<details><summary>${esc(title)} (${n(total)})</summary>\n<ul>\n${lines.join('\n')}\n${more}</ul>\n</details>\n`
}

/** Not-wanted URLs as one line per operation and reason, counted: the URLs are in the report. */
function notWantedLines(report: Report): string[] {
  const counts = new Map<string, number>()
  for (const u of report.urls) {
    if (u.status !== 'not-wanted') continue
    const key = `${u.operation}: ${u.detail ?? 'not asked for by the rules'}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, count]) => `<li>${countOf(count, 'URL')}, ${esc(key)}</li>`)
}

function reportAccess(report: Report): string {
  return (
    `**Full report**: <code>${esc(report.reportPath)}</code> on the runner (also the <code>report</code> output), ` +
    'deleted when the job ends. To keep it, add a step with <code>actions/upload-artifact</code>, ' +
    '<code>if: always()</code> and <code>path: ${{ steps.&lt;this step id&gt;.outputs.report }}</code>.\n'
  )
}

/** The job summary as Markdown/HTML: a view of the report, so the two cannot disagree. */
export function renderSummary(report: Report, limit = LIST_LIMIT): string {
  const out: string[] = []
  const mode = report.mode === 'live' ? 'live' : 'dry run'
  out.push(`## CDN refresh: ${esc(report.providerTitle)}, ${mode}\n`)
  if (report.error) {
    out.push(
      `> [!CAUTION]\n> The run stopped: ${esc(report.error.message)}\n>\n> What it did before stopping is below.\n`
    )
  }
  if (report.mode === 'dry-run') {
    out.push(
      `> [!NOTE]\n> Dry run: nothing was sent to the CDN. ${esc(report.dryRunReason ?? '')}\n`
    )
  }
  const ch = report.counts.changes
  const range =
    report.changeSource === 'none'
      ? 'URLs given directly, no change detection'
      : report.changeSource === 'files-input'
        ? 'from the <code>files</code> input'
        : `<code>${shortSha(report.base)}..${shortSha(report.head)}</code> (${report.changeSource === 'git' ? 'git diff' : 'compare API'})`
  out.push(
    `**Changes** ${range}: ${n(ch.added)} added, ${n(ch.modified)} modified, ${n(ch.removed)} removed; ${n(ch.unmatched)} matched no rule.\n`
  )

  out.push('| Operation | URLs | Requests | Task IDs | Outcome |')
  out.push('| --- | ---: | ---: | --- | --- |')
  for (const op of ['refresh', 'prefetch'] as const) {
    const c = report.counts[op]
    if (!report.supports.includes(op) && c.wanted === 0) continue
    const requests = report.mode === 'dry-run' ? c.plannedRequests : c.requests
    out.push(
      `| ${op} | ${n(c.wanted)} | ${n(requests)} | ${taskIdsText(report, op)} | ${outcomeText(report, op)} |`
    )
  }
  out.push('')
  const completion = completionSummary(report.completion, esc, limit)
  if (completion) out.push(completion)

  const keys = Object.keys(report.quota.before)
  const anyQuota = [report.quota.before, report.quota.after].some(q =>
    Object.values(q).some(v => v !== null)
  )
  if (keys.length > 0 && anyQuota) {
    out.push(`| Quota left | ${keys.map(esc).join(' | ')} |`)
    out.push(`| --- | ${keys.map(() => '---:').join(' | ')} |`)
    out.push(`| before | ${keys.map(k => quotaCell(report.quota.before[k])).join(' | ')} |`)
    out.push(`| after | ${keys.map(k => quotaCell(report.quota.after[k])).join(' | ')} |`)
    out.push('')
    if (report.quotaExplanation) out.push(`${esc(report.quotaExplanation)}\n`)
  }

  for (const [op, perDay] of Object.entries(report.unreadableDailyLimits ?? {})) {
    out.push(
      `**Daily limit**: ${esc(report.providerTitle)} allows ${countOf(perDay, `${op} a day`, `${op}es a day`)} and has no API to read how many are left; when the limit is reached, the rest is reported as skipped for quota.\n`
    )
  }

  if (report.warnings.length > 0) {
    out.push(report.warnings.map(w => `> [!WARNING]\n> ${esc(w)}`).join('\n\n') + '\n')
  }

  const failed = report.urls.filter(u => u.status === 'failed')
  const skipped = report.urls.filter(u => u.status === 'skipped' && u.reason !== 'dry-run')
  const dry = report.urls.filter(u => u.status === 'skipped' && u.reason === 'dry-run')
  const notWanted = notWantedLines(report)
  const notWantedTotal = report.counts.refresh.notWanted + report.counts.prefetch.notWanted
  const lists: [string, string[], number, boolean?][] = [
    ['Failed', failed.slice(0, limit).map(urlLine), failed.length],
    ['Skipped', skipped.slice(0, limit).map(urlLine), skipped.length],
    ['Would be submitted in a live run', dry.slice(0, limit).map(dryRunLine), dry.length],
    ['Not asked for by the rules or inputs', notWanted, notWantedTotal, true],
    [
      'Changed files that matched no rule',
      report.unmatched.slice(0, limit).map(p => `<li><code>${esc(p)}</code></li>`),
      report.unmatched.length
    ]
  ]
  for (const [title, entries, total, grouped] of lists) {
    if (total > 0) out.push(details(title, entries, total, grouped))
  }
  out.push(reportAccess(report))

  const text = out.join('\n')
  // Very long URLs can still push a big list over the budget: shrink the lists until it fits.
  if (Buffer.byteLength(text, 'utf8') > SUMMARY_BUDGET_BYTES && limit > 1) {
    return renderSummary(report, Math.floor(limit / 2))
  }
  return text
}
