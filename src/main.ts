import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError } from './input-error.js'
import {
  PULL_REQUEST_EVENTS,
  readSettings,
  reportLocation,
  type FailOn,
  type InputReader
} from './inputs.js'
import type { Batch, Quota } from './model.js'
import { directoryGlobProblems, noMatchWarning, parseRules, type CompiledRule } from './rules.js'
import { detectChanges } from './changes/detect.js'
import { mapTargets } from './targets.js'
import { attachSizes } from './target-sizes.js'
import { planItems } from './plan.js'
import { makeBatches } from './batches.js'
import { describeBatches } from './batch-log.js'
import { submitBatches } from './submit/submit.js'
import { submitAndWait } from './wait/run-wait.js'
import { applyOutcomes, closeUnfinished, dryRunOutcomes } from './outcomes.js'
import {
  accountSpec,
  allProviderInputs,
  loadProvider,
  resolveSpec,
  withLimits
} from './providers/registry.js'
import { ProviderError, type Logger, type ProviderClient } from './providers/provider.js'
import type { Clock } from './submit/clock.js'
import { countOf } from './plural.js'
import {
  buildReport,
  writeReport,
  type MemorySample,
  type Report,
  type RunFailure,
  type RunRecord
} from './report/report.js'
import { outputsOf } from './report/outputs.js'
import { checkReportPath } from './report/report-path.js'
import { renderSummary } from './report/summary.js'
import { annotationsOf, failureOf } from './report/verdict.js'
import { describeFailure } from './run-failure.js'

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
  /** A collapsible group of log lines (core.startGroup / endGroup in the action). */
  group(title: string, lines: readonly string[]): void
  logger: Logger
  clock: Clock
  random: () => number
  /**
   * The process's memory now (index.ts: processMemory), read at the end of each stage into the
   * report's `memoryMb`; without it the report has no memory figures.
   */
  memory?: () => MemorySample
}

const MIB = 1024 * 1024
const toMib = (bytes: number): number => Math.round((bytes / MIB) * 10) / 10

/** RSS now and the process's peak RSS so far (getrusage's ru_maxrss, in KiB), in MiB. */
export function processMemory(): MemorySample {
  return {
    rss: toMib(process.memoryUsage.rss()),
    peak: toMib(process.resourceUsage().maxRSS * 1024)
  }
}

/** Milliseconds one HTTP request may take before it counts as a (retryable) timeout. */
const REQUEST_TIMEOUT_MS = 30_000
/**
 * How far past the run's deadline the quota read after submitting may go. The read only reports
 * what is left (the URLs are already submitted, and losing the number loses nothing else), so it
 * gets whatever time is left, plus this: enough for one answer from a healthy provider (well under
 * a second), small enough that the run still ends within `timeout` plus a few seconds.
 */
const QUOTA_AFTER_GRACE_MS = 2_000

/** Masks every provider's secret inputs and their environment fallbacks, valid or not. */
function maskSecrets(io: ActionIO): void {
  for (const input of allProviderInputs()) {
    if (!input.secret) continue
    const given = io.getInput(input.name).trim()
    if (given) io.setSecret(given)
    for (const name of input.env ?? []) {
      const value = io.env[name]?.trim()
      if (value) io.setSecret(value)
    }
  }
}

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
  warnings: string[],
  failed?: (e: ProviderError) => void
): Promise<Quota | null> {
  try {
    return await client.readQuota()
  } catch (e) {
    if (e instanceof ProviderError && e.errorClass === 'auth') throw e
    if (e instanceof ProviderError) failed?.(e)
    const message = `Could not read the quota ${when}: ${describeError(e)}`
    warnings.push(message)
    io.logger.warning(message)
    return null
  }
}

/** Which of the rules' literal globs name a directory of the checkout (they match no file). */
async function checkDirectoryGlobs(
  rules: readonly CompiledRule[],
  workspace: string
): Promise<void> {
  const literal = new Set<string>()
  directoryGlobProblems(rules, path => {
    literal.add(path)
    return false
  })
  const directories = new Set<string>()
  for (const path of literal) {
    // lstat: git stores a symlink to a directory as a file, which a literal glob does match.
    const s = await lstat(join(workspace, path)).catch(() => undefined)
    if (s?.isDirectory()) directories.add(path)
  }
  const problem = directoryGlobProblems(rules, path => directories.has(path))
  if (problem) throw problem
}

/** What a run has done so far: filled stage by stage, and reported whether or not it finished. */
type Progress = Pick<
  RunRecord,
  | 'providerInput'
  | 'spec'
  | 'quotaKeys'
  | 'dryRun'
  | 'dryRunReason'
  | 'changeSet'
  | 'targetSet'
  | 'items'
  | 'outcomes'
  | 'quotaBefore'
  | 'quotaAfter'
  | 'warnings'
  | 'wait'
>

/** The whole run: inputs → changes → targets → plan → batches → submission → report. */
export async function run(io: ActionIO): Promise<Report | undefined> {
  const startedAt = io.clock.now()
  const timings: Record<string, number> = {}
  const memory: Record<string, MemorySample> | undefined = io.memory ? {} : undefined
  const lap = (name: string, since: number): number => {
    const now = io.clock.now()
    timings[name] = now - since
    if (memory && io.memory) memory[name] = io.memory()
    return now
  }
  // Mask before anything can print them, whichever provider is chosen.
  maskSecrets(io)

  const eventName = io.env.GITHUB_EVENT_NAME ?? ''
  const location = reportLocation(io.getInput, io.env)
  const progress: Progress = {
    providerInput: io.getInput('provider').trim(),
    quotaKeys: [],
    dryRun: io.getInput('dry-run').trim().toLowerCase() === 'true',
    changeSet: { source: 'none', changes: [], warnings: [] },
    targetSet: { targets: [], unmatched: [], mapped: [] },
    items: [],
    outcomes: [],
    quotaBefore: null,
    quotaAfter: null,
    warnings: []
  }
  const warn = (message: string): void => {
    progress.warnings.push(message)
    io.warning(message)
  }
  if (location.insideCheckout) {
    warn(
      `report-path '${location.path}' lies inside the checkout, where a later step may commit or deploy it. Write it outside (the default is $RUNNER_TEMP/cdn-refresh-report.json) and keep it with actions/upload-artifact.`
    )
  }

  let failure: RunFailure | undefined
  let stoppedBy: unknown
  let failOn: FailOn = 'error'
  try {
    // 1. Inputs: everything validated, rules compiled, before any network call.
    let t = startedAt
    const settings = readSettings(io.getInput, io.env)
    // Before any provider call: a report that cannot be written would lose the task IDs.
    await checkReportPath(location.path, io.getInput('report-path').trim())
    failOn = settings.failOn
    // Only the chosen provider's code is loaded (its client, signing and HTTP stack).
    const provider = await loadProvider(settings.provider)
    progress.quotaKeys = [...provider.quotaKeys]
    const configured = provider.configure(io.getInput, io.env, settings.live)
    const declared = withLimits(provider.spec, configured.specOverrides)
    let spec = resolveSpec(declared, settings.limits)
    progress.spec = spec
    const rules = parseRules(settings.rules, spec.ruleDefaults)
    if (
      rules.length === 0 &&
      settings.urls.length === 0 &&
      settings.prefetchUrls.length === 0 &&
      configured.directTargets.length === 0
    ) {
      const lists = [
        'urls',
        'prefetch-urls',
        ...provider.inputs.filter(i => i.listsTargets).map(i => i.name)
      ]
      throw new InputError(
        'rules',
        `is empty, and so are ${lists.join(', ')}: there is nothing to refresh. Give rules that map changed files to URLs, or list what to refresh in ${lists.join(' / ')}.`
      )
    }
    const workspace = io.env.GITHUB_WORKSPACE || process.cwd()
    await checkDirectoryGlobs(rules, workspace)
    const payload = await readEvent(io.env)
    progress.dryRun = settings.dryRun
    progress.dryRunReason = settings.dryRun ? 'The dry-run input is true.' : undefined
    if (PULL_REQUEST_EVENTS.has(eventName) && !settings.dryRun) {
      progress.dryRun = true
      progress.dryRunReason =
        'Pull request runs are always dry runs: this shows what merging would refresh, without touching the CDN.'
    }
    const dryRun = progress.dryRun
    const deadline = startedAt + settings.timeoutSeconds * 1000
    t = lap('inputs', t)

    // 2. Changed files (skipped when only direct URLs are given).
    const directUrls =
      settings.urls.length > 0 ||
      settings.prefetchUrls.length > 0 ||
      configured.directTargets.length > 0
    if (rules.length > 0) {
      progress.changeSet = await detectChanges(
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
    const changeSet = progress.changeSet
    for (const w of changeSet.warnings) warn(w)
    t = lap('changes', t)

    // 3. URLs, 4. plan. Pure, so a dry run previews a live run exactly.
    const targetSet = mapTargets(changeSet.changes, rules, {
      refresh: settings.urls,
      prefetch: settings.prefetchUrls
    })
    targetSet.targets.push(...configured.directTargets)
    progress.targetSet = targetSet
    if (spec.prefetch?.sizeRange || spec.refresh?.sizeRange) {
      const unknown = await attachSizes(targetSet.targets, {
        workspace,
        head: changeSet.source === 'git' ? changeSet.head : undefined,
        deadline,
        logger: io.logger
      })
      if (unknown > 0) {
        warn(
          `The size of ${countOf(unknown, 'changed file')} could not be read (no git checkout of the pushed commit?); ${spec.title} gets them without the size rule.`
        )
      }
    }
    if (spec.pathsOnly) {
      const hosts = [...new Set(targetSet.targets.map(t => t.host).filter(h => h !== ''))]
      if (hosts.length > 1) {
        warn(
          `The URLs are on ${countOf(hosts.length, 'host')} (${hosts.join(', ')}), but ${spec.title} purges and prefetches paths on one resource, whatever the host: each path is sent once for all of them.`
        )
      }
    }
    const changed = changeSet.changes.length
    io.logger.info(
      `${countOf(changed, 'changed file')} → ${countOf(targetSet.targets.length, 'URL')}; ${countOf(targetSet.unmatched.length, 'file')} matched no rule.`
    )
    if (rules.length > 0 && changed > 0 && targetSet.unmatched.length === changed) {
      warn(noMatchWarning(rules, changed))
    }

    // Every provider call (prepare, quota reads, submissions, retries) gets min(its limit, time
    // left): a request never reaches past the run's deadline (the quota read after submitting gets
    // a small grace, see QUOTA_AFTER_GRACE_MS).
    let requestsUntil = deadline
    // A retryable failure of the quota read (the provider not answering) is what the batches the
    // timeout then leaves unsent fail with: they are not skips of a healthy provider.
    let quotaFailure: ProviderError | undefined
    const client = configured.createClient({
      requestTimeoutMs: () => Math.min(REQUEST_TIMEOUT_MS, requestsUntil - io.clock.now()),
      logger: io.logger
    })
    // Nothing to send: no provider call at all, not even the quota read, so a push that changed
    // nothing the rules map costs no request and cannot fail on a provider outage. (The empty plan
    // still goes through submission: with `wait`, nothing is left incomplete.)
    const nothingToSend = targetSet.targets.length === 0
    if (client && !dryRun && !nothingToSend) await client.prepare?.()
    if (nothingToSend) io.logger.info(`Nothing to send: no request to ${spec.title}.`)
    else if (client && spec.quotaApi) {
      progress.quotaBefore = await readQuotaSafely(
        client,
        io,
        'before submitting',
        progress.warnings,
        e => {
          if (e.errorClass === 'retryable') quotaFailure = e
        }
      )
      if (progress.quotaBefore?.limits) {
        spec = accountSpec(declared, progress.quotaBefore.limits, settings.limits, warn)
        progress.spec = spec
      }
    } else if (!client) io.logger.info('No credentials: dry run without quota.')

    progress.items = planItems(targetSet.targets, spec, progress.quotaBefore)
    const batches: Batch[] = makeBatches(progress.items, spec)
    io.group(
      `${dryRun ? 'Planned requests, not sent (dry run)' : 'Planned requests'}: ${batches.length}`,
      describeBatches(batches)
    )
    t = lap('plan', t)

    // 5. Submission: paced, retried, within the time budget.
    if (dryRun || !client) {
      progress.outcomes = dryRunOutcomes(batches)
      progress.items = applyOutcomes(progress.items, progress.outcomes)
    } else {
      io.logger.info(`Submitting ${countOf(batches.length, 'request')} to ${spec.title}.`)
      const submitDeps = {
        client,
        spec,
        clock: io.clock,
        random: io.random,
        maxRetries: settings.maxRetries,
        deadline,
        logger: io.logger,
        providerError: quotaFailure
      }
      if (settings.wait) {
        // Prefetches of refreshed URLs go once their refresh completes; then every task is waited
        // for (src/wait/), for at most wait-timeout, which does not count against `timeout`.
        const waited = await submitAndWait(batches, submitDeps, {
          waitTimeoutMs: settings.waitTimeoutSeconds * 1000,
          pollIntervalMs: settings.pollIntervalSeconds * 1000,
          setRequestDeadline: until => (requestsUntil = until)
        })
        progress.outcomes = waited.outcomes
        progress.wait = waited.wait
      } else progress.outcomes = await submitBatches(batches, submitDeps)
      progress.items = applyOutcomes(progress.items, progress.outcomes)
      progress.quotaAfter = null
      if (spec.quotaApi && progress.outcomes.some(o => o.status === 'submitted')) {
        // An auth error here cannot undo what was submitted: keep the report, lose only the number.
        requestsUntil = deadline + (progress.wait?.waitedMs ?? 0) + QUOTA_AFTER_GRACE_MS
        progress.quotaAfter = await readQuotaSafely(
          client,
          io,
          'after submitting',
          progress.warnings
        ).catch(() => null)
      }
    }
    lap('submit', t)
  } catch (e) {
    stoppedBy = e
    failure = describeFailure(e)
    if (e instanceof Error && e.stack) io.logger.debug(e.stack)
  }

  // 6. Report, outputs, summary: always, so a failed run still says what it did and why it stopped.
  if (failure && progress.spec && progress.items.length === 0) {
    // Stopped between mapping and planning (e.g. credentials refused while reading the quota):
    // plan without quota so that every URL is still reported.
    progress.items = planItems(progress.targetSet.targets, progress.spec, null)
  }
  // timingsMs.report: building the report and writing its file (written last in the file, see
  // reportChunks); outputs and the job summary come after and are not in it.
  const reportStarted = io.clock.now()
  const items = failure
    ? stoppedBy instanceof ProviderError && stoppedBy.errorClass === 'retryable'
      ? closeUnfinished(
          progress.items,
          `not submitted: ${progress.spec?.title ?? 'the provider'} kept failing before any request could be sent (${stoppedBy.code}: ${stoppedBy.message})`,
          stoppedBy.code
        )
      : closeUnfinished(
          progress.items,
          `not submitted: the run stopped first (${failure.type} error)`
        )
    : progress.items
  const report = buildReport({
    ...progress,
    items,
    eventName,
    timingsMs: timings,
    memoryMb: memory,
    startedAt,
    finishedAt: io.clock.now(),
    reportPath: location.path,
    failure
  })
  try {
    await writeReport(report, location.path, {
      since: reportStarted,
      now: () => io.clock.now(),
      memory: io.memory
    })
  } catch (e) {
    io.warning(`Could not write the report to ${location.path}: ${describeError(e)}`)
  }
  for (const [name, value] of Object.entries(outputsOf(report))) io.setOutput(name, value)
  await io.writeSummary(renderSummary(report)).catch((e: unknown) => {
    io.warning(`Could not write the job summary: ${describeError(e)}`)
  })
  for (const a of annotationsOf(report)) (a.level === 'error' ? io.error : io.warning)(a.message)
  const failed = failure?.message ?? failureOf(report, failOn)
  if (failed) io.setFailed(failed)
  return report
}
