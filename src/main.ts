import { readFile } from 'node:fs/promises'
import { InputError } from './input-error.js'
import { PULL_REQUEST_EVENTS, readSettings, type InputReader } from './inputs.js'
import type { ChangeSet, PlanItem, Quota } from './model.js'
import { parseRules } from './rules.js'
import { detectChanges } from './changes/detect.js'
import { mapTargets } from './targets.js'
import { attachSizes } from './target-sizes.js'
import { planItems } from './plan.js'
import { makeBatches } from './batches.js'
import { submitBatches } from './submit/submit.js'
import { applyOutcomes } from './outcomes.js'
import { providerEntry, resolveSpec } from './providers/registry.js'
import { ProviderError, type Logger, type ProviderClient } from './providers/provider.js'
import type { Clock } from './submit/clock.js'
import { buildReport, writeReport, type Report } from './report/report.js'
import { outputsOf } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { annotationsOf, failureOf } from './report/verdict.js'

/** What the pipeline needs from the outside world; index.ts passes @actions/core, tests pass fakes. */
export interface ActionIO {
  getInput: InputReader
  env: NodeJS.ProcessEnv
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
  setFailed(message: string): void
  warning(message: string): void
  error(message: string): void
  logger: Logger
  clock: Clock
  random: () => number
}

const CREDENTIAL_INPUTS = ['access-key-id', 'access-key-secret', 'security-token']
const CREDENTIAL_ENV = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN'
]

async function readEvent(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const path = env.GITHUB_EVENT_PATH
  if (!path) return {}
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  } catch {
    return {}
  }
}

function repository(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return { owner, repo }
}

function describeError(e: unknown): string {
  if (e instanceof ProviderError) return `${e.code}: ${e.message}`
  return e instanceof Error ? e.message : String(e)
}

async function readQuotaSafely(
  client: ProviderClient,
  io: ActionIO,
  when: string,
  warnings: string[]
): Promise<Quota | null> {
  try {
    return await client.readQuota()
  } catch (e) {
    if (e instanceof ProviderError && e.errorClass === 'auth') throw e
    const message = `Could not read the quota ${when}: ${describeError(e)}`
    warnings.push(message)
    io.logger.warning(message)
    return null
  }
}

/** The whole run: inputs → changes → targets → plan → batches → submission → report. */
export async function run(io: ActionIO): Promise<Report | undefined> {
  const startedAt = io.clock.now()
  const timings: Record<string, number> = {}
  const lap = (name: string, since: number): number => {
    const now = io.clock.now()
    timings[name] = now - since
    return now
  }
  // Mask before anything can print them, valid or not.
  for (const name of CREDENTIAL_INPUTS) {
    const v = io.getInput(name).trim()
    if (v) io.setSecret(v)
  }
  for (const name of CREDENTIAL_ENV) {
    const v = io.env[name]?.trim()
    if (v) io.setSecret(v)
  }

  try {
    // 1. Inputs: everything validated, rules compiled, before any network call.
    let t = startedAt
    const settings = readSettings(io.getInput, io.env)
    const entry = providerEntry(settings.provider)
    const spec = resolveSpec(settings.provider, settings.limits)
    const rules = parseRules(settings.rules)
    const eventName = io.env.GITHUB_EVENT_NAME ?? ''
    const payload = await readEvent(io.env)
    const warnings: string[] = []
    let dryRun = settings.dryRun
    let dryRunReason = settings.dryRun ? 'The dry-run input is true.' : undefined
    if (PULL_REQUEST_EVENTS.has(eventName) && !dryRun) {
      dryRun = true
      dryRunReason =
        'Pull request runs are always dry runs: this shows what merging would refresh, without touching the CDN.'
    }
    const deadline = startedAt + settings.timeoutSeconds * 1000
    t = lap('inputs', t)

    // 2. Changed files (skipped when only direct URLs are given).
    const workspace = io.env.GITHUB_WORKSPACE || process.cwd()
    const directUrls = settings.urls.length > 0 || settings.prefetchUrls.length > 0
    let changeSet: ChangeSet = { source: 'none', changes: [], warnings: [] }
    if (rules.length > 0) {
      changeSet = await detectChanges(
        {
          eventName,
          payload,
          workspace,
          sha: io.env.GITHUB_SHA ?? '',
          repository: repository(io.env),
          apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com',
          token: settings.githubToken,
          inputs: { files: settings.files, base: settings.base, head: settings.head },
          hasDirectUrls: directUrls,
          deadline
        },
        { logger: io.logger }
      )
    }
    warnings.push(...changeSet.warnings)
    for (const w of changeSet.warnings) io.warning(w)
    t = lap('changes', t)

    // 3. URLs, 4. plan. Pure, so a dry run previews a live run exactly.
    const targetSet = mapTargets(changeSet.changes, rules, {
      refresh: settings.urls,
      prefetch: settings.prefetchUrls
    })
    if (spec.prefetch?.sizeRange || spec.refresh?.sizeRange) {
      await attachSizes(targetSet.targets, workspace)
    }
    io.logger.info(
      `${changeSet.changes.length} changed file(s) → ${targetSet.targets.length} URL(s); ${targetSet.unmatched.length} file(s) matched no rule.`
    )

    const credentials = settings.credentials
    const client = credentials ? entry.createClient(settings, credentials, io.logger) : null
    let quotaBefore: Quota | null = null
    if (client && spec.quotaApi)
      quotaBefore = await readQuotaSafely(client, io, 'before submitting', warnings)
    else if (!client) io.logger.info('No credentials: dry run without quota.')

    let items: PlanItem[] = planItems(targetSet.targets, spec, quotaBefore, {
      dryRun,
      dryRunDetail: dryRunReason
    })
    const batches = makeBatches(items, spec)
    t = lap('plan', t)

    // 5. Submission: paced, retried, within the time budget.
    let outcomes: Awaited<ReturnType<typeof submitBatches>> = []
    let quotaAfter: Quota | null = quotaBefore
    if (!dryRun && client) {
      io.logger.info(`Submitting ${batches.length} request(s) to ${spec.title}.`)
      outcomes = await submitBatches(batches, {
        client,
        spec,
        clock: io.clock,
        random: io.random,
        maxRetries: settings.maxRetries,
        deadline,
        logger: io.logger
      })
      items = applyOutcomes(items, outcomes)
      quotaAfter = null
      if (spec.quotaApi && outcomes.some(o => o.status === 'submitted')) {
        // An auth error here cannot undo what was submitted: keep the report, lose only the number.
        quotaAfter = await readQuotaSafely(client, io, 'after submitting', warnings).catch(
          () => null
        )
      }
    }
    lap('submit', t)

    // 6. Report, outputs, summary.
    const report = buildReport({
      spec,
      quotaKeys: entry.quotaKeys,
      dryRun,
      dryRunReason,
      eventName,
      changeSet,
      targetSet,
      items,
      outcomes,
      quotaBefore,
      quotaAfter,
      warnings,
      timingsMs: timings,
      startedAt,
      finishedAt: io.clock.now(),
      reportPath: settings.reportPath
    })
    await writeReport(report, settings.reportPath)
    for (const [name, value] of Object.entries(outputsOf(report))) io.setOutput(name, value)
    await io.writeSummary(renderSummary(report))
    for (const a of annotationsOf(report)) (a.level === 'error' ? io.error : io.warning)(a.message)
    const failed = failureOf(report, settings.failOn)
    if (failed) io.setFailed(failed)
    return report
  } catch (e) {
    const message =
      e instanceof InputError
        ? e.message
        : e instanceof ProviderError
          ? `${e.code}: ${e.message}`
          : `Unexpected error: ${e instanceof Error ? e.message : String(e)}`
    if (e instanceof Error && e.stack) io.logger.debug(e.stack)
    await io
      .writeSummary(
        `## CDN refresh failed\n\n${message.replace(/[<>&]/g, c => `&#${c.charCodeAt(0)};`)}\n\nThe run stopped here; see the step log for what happened before.\n`
      )
      .catch(() => undefined)
    io.setFailed(message)
    return undefined
  }
}
