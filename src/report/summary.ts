import type { Operation } from '../model.js'
import type { Report, ReportUrl } from './report.js'

/** GitHub rejects a step summary above 1 MiB; stay well below it. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024
/** Entries shown per collapsible list before pointing at the report. */
export const LIST_LIMIT = 200

const REASON_TEXT: Record<string, string> = {
  rule: 'not asked for by the rule',
  unsupported: 'provider cannot do this',
  'url-too-long': 'URL too long for the provider',
  size: 'file size outside the provider range',
  quota: 'quota',
  'dry-run': 'dry run',
  'time-budget': 'time budget ran out',
  aborted: 'aborted after an authentication error'
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, ' ')
}

const n = (v: number): string => v.toLocaleString('en-US')

function shortSha(sha?: string): string {
  return sha ? sha.slice(0, 7) : '?'
}

function outcomeText(report: Report, op: Operation): string {
  const c = report.counts[op]
  if (c.wanted === 0) return 'nothing to do'
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
  if (ids.length === 0) return '—'
  const shown = ids.slice(0, 10).map(id => `\`${esc(id)}\``)
  return ids.length > 10 ? `${shown.join(', ')} … (${ids.length} in all)` : shown.join(', ')
}

function quotaCell(v: number | null | undefined): string {
  return v === null || v === undefined ? 'unknown' : n(v)
}

function urlLine(u: ReportUrl): string {
  const why =
    u.status === 'failed'
      ? `${u.errorCode ? `<code>${esc(u.errorCode)}</code> ` : ''}${esc(u.detail ?? 'failed')}`
      : `${esc(REASON_TEXT[u.reason ?? ''] ?? u.reason ?? 'skipped')}${u.detail ? `: ${esc(u.detail)}` : ''}`
  return `<li>${u.operation} <code>${esc(u.url)}</code> — ${why.slice(0, 400)}</li>`
}

function details(title: string, lines: string[], total: number, reportPath: string): string {
  const more =
    total > lines.length
      ? `<li>… and ${n(total - lines.length)} more: see the JSON report (<code>${esc(reportPath)}</code>, also the <code>report</code> output).</li>`
      : ''
  return `<details><summary>${esc(title)} (${n(total)})</summary>\n<ul>\n${lines.join('\n')}\n${more}</ul>\n</details>\n`
}

/** The job summary as Markdown/HTML: a view of the report, so the two cannot disagree. */
export function renderSummary(report: Report, limit = LIST_LIMIT): string {
  const out: string[] = []
  const mode = report.mode === 'live' ? 'live' : 'dry run'
  out.push(`## CDN refresh: ${esc(report.providerTitle)} (${mode})\n`)
  if (report.mode === 'dry-run') {
    out.push(
      `> [!NOTE]\n> Dry run: no refresh or prefetch was sent. ${esc(report.dryRunReason ?? '')}\n`
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
    out.push(
      `| ${op} | ${n(c.wanted)} | ${n(c.requests)} | ${taskIdsText(report, op)} | ${outcomeText(report, op)} |`
    )
  }
  out.push('')

  const keys = Object.keys(report.quota.before)
  if (keys.length > 0) {
    out.push(`| Quota left | ${keys.map(esc).join(' | ')} |`)
    out.push(`| --- | ${keys.map(() => '---:').join(' | ')} |`)
    out.push(`| before | ${keys.map(k => quotaCell(report.quota.before[k])).join(' | ')} |`)
    out.push(`| after | ${keys.map(k => quotaCell(report.quota.after[k])).join(' | ')} |`)
    out.push('')
  }

  if (report.warnings.length > 0) {
    out.push(report.warnings.map(w => `> [!WARNING]\n> ${esc(w)}`).join('\n\n') + '\n')
  }

  const failed = report.urls.filter(u => u.status === 'failed')
  const skipped = report.urls.filter(
    u => u.status === 'skipped' && u.reason !== 'rule' && u.reason !== 'dry-run'
  )
  const dry = report.urls.filter(u => u.status === 'skipped' && u.reason === 'dry-run')
  const notWanted = report.urls.filter(u => u.status === 'skipped' && u.reason === 'rule')
  const lists: [string, string[], number][] = [
    ['Failed', failed.slice(0, limit).map(urlLine), failed.length],
    ['Skipped', skipped.slice(0, limit).map(urlLine), skipped.length],
    ['Would be submitted (dry run)', dry.slice(0, limit).map(urlLine), dry.length],
    ['Not asked for by the rules', notWanted.slice(0, limit).map(urlLine), notWanted.length],
    [
      'Changed files that matched no rule',
      report.unmatched.slice(0, limit).map(p => `<li><code>${esc(p)}</code></li>`),
      report.unmatched.length
    ]
  ]
  for (const [title, entries, total] of lists) {
    if (total > 0) out.push(details(title, entries, total, report.reportPath))
  }
  out.push(`Full report: <code>${esc(report.reportPath)}</code>\n`)

  const text = out.join('\n')
  // Very long URLs can still push a big list over the budget: shrink the lists until it fits.
  if (Buffer.byteLength(text, 'utf8') > SUMMARY_BUDGET_BYTES && limit > 1) {
    return renderSummary(report, Math.floor(limit / 2))
  }
  return text
}
