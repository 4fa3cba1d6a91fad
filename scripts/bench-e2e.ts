// End to end (issue 9, target 4): a push of 10,000 changed files in a real temporary git repository,
// run through dist/index.js as the runner runs it, against the DCDN emulator. Pacing is scaled
// down through the emulator's per-minute limit and the `limits` input (the action is unchanged),
// so the run waits for nothing. Prints wall time and memory by stage (from the report's timingsMs
// and memoryMb) and checks the child's peak RSS against the budget: read from /usr/bin/time when it
// is installed, else from the report (getrusage of the child itself, the same figure).
//
//   npx tsx scripts/bench-e2e.ts
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../emulators/alibaba-dcdn.js'
import { PROJECT_ROOT, parseOutputFile, runnerInputEnv } from '../emulators/github-runner.js'
import type { Report } from '../src/report/report.js'

/** Changed files in the push: half modified, half added. */
const FILES = 10_000
/** The child's peak RSS must stay under this. */
const RSS_BUDGET_MB = 200
/** Per-minute limit of the emulator and the `limits` input: high enough that nothing waits. */
const SCALED_PER_MINUTE = 1_000_000
const STAGES: [string, string][] = [
  ['inputs', 'inputs'],
  ['diff', 'changes'],
  ['plan', 'plan'],
  ['submit', 'submit'],
  ['report', 'report']
]

const RULES = `
- files: site/**
  url: https://www.example.com/
  index: [index.html]
  refresh: true
  prefetch: [added]
- files: assets/**
  url: https://static.example.com/
  refresh: true
`

const GIT_ENV: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key]
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0'
  }
})()

function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=false', ...args], { cwd, env: GIT_ENV })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`git ${args.join(' ')}: ${err}`))
    )
  })
}

/** The i-th file of the site: a realistic mix of directories, extensions and non-ASCII names. */
function pathOf(i: number): string {
  const ext = ['html', 'css', 'js', 'png', 'json'][i % 5]
  if (i % 4 === 3) return `assets/v${i % 7}/chunk-${i}.${ext}`
  const section = ['blog', 'docs', 'news', 'café', '产品'][i % 5]
  return `site/${section}/${Math.floor(i / 50)}/page ${i}.${ext}`
}

async function writeFiles(dir: string, paths: string[], content: (p: string) => string) {
  const dirs = new Set(paths.map(p => join(dir, p, '..')))
  await Promise.all([...dirs].map(d => mkdir(d, { recursive: true })))
  for (let i = 0; i < paths.length; i += 500) {
    await Promise.all(paths.slice(i, i + 500).map(p => writeFile(join(dir, p), content(p))))
  }
}

/** A repository whose last commit changes FILES files: FILES/2 modified, FILES/2 added. */
async function pushOf10k(dir: string): Promise<{ before: string; after: string }> {
  await git(dir, 'init', '--quiet', '--initial-branch=main')
  await git(dir, 'config', 'user.name', 'Bench')
  await git(dir, 'config', 'user.email', 'bench@example.com')
  await git(dir, 'config', 'commit.gpgsign', 'false')
  // 10,000 files are more loose objects than gc.auto allows: a commit would start a detached
  // `git gc` that is still writing .git/objects when the bench removes the repository.
  await git(dir, 'config', 'gc.auto', '0')
  await git(dir, 'config', 'maintenance.auto', 'false')
  const half = FILES / 2
  const old = Array.from({ length: half }, (_, i) => pathOf(i))
  await writeFiles(dir, old, p => `${p} v1\n`)
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '--quiet', '--no-verify', '-m', 'deployed')
  const before = await git(dir, 'rev-parse', 'HEAD')
  const added = Array.from({ length: half }, (_, i) => pathOf(half + i))
  await writeFiles(dir, old, p => `${p} v2\n`)
  await writeFiles(dir, added, p => `${p} v1\n`)
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '--quiet', '--no-verify', '-m', 'push')
  return { before, after: await git(dir, 'rev-parse', 'HEAD') }
}

interface ChildRun {
  exitCode: number | null
  wallMs: number
  /** Peak RSS in MiB as /usr/bin/time saw it, when it is installed. */
  timePeakMb?: number
  outputs: Record<string, string>
  report?: Report
  stderr: string
}

/** dist/index.js on a push event, as emulators/github-runner.ts runs it, under /usr/bin/time if any. */
async function runBundle(
  workspace: string,
  push: { before: string; after: string },
  inputs: Record<string, string>
): Promise<ChildRun> {
  const temp = await mkdtemp(join(tmpdir(), 'cdn-refresh-bench-runner-'))
  try {
    const files = {
      output: join(temp, 'output.txt'),
      summary: join(temp, 'summary.md'),
      event: join(temp, 'event.json'),
      time: join(temp, 'time.txt')
    }
    await writeFile(files.output, '')
    await writeFile(files.summary, '')
    await writeFile(
      files.event,
      JSON.stringify({ before: push.before, after: push.after, ref: 'refs/heads/main' })
    )
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_WORKSPACE: workspace,
      GITHUB_SHA: push.after,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'octo-org/site',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      ...(await runnerInputEnv(inputs, 'ghs_dummy'))
    }
    const entry = join(PROJECT_ROOT, 'dist', 'index.js')
    const time = existsSync('/usr/bin/time')
    const [command, args] = time
      ? ['/usr/bin/time', ['-f', '%M', '-o', files.time, process.execPath, entry]]
      : [process.execPath, [entry]]
    const started = performance.now()
    const { exitCode, stderr } = await new Promise<{ exitCode: number | null; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(command, args, { cwd: workspace, env })
        let err = ''
        child.stdout.resume()
        child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
        const timer = setTimeout(() => child.kill('SIGKILL'), 300_000)
        child.on('error', reject)
        child.on('close', code => {
          clearTimeout(timer)
          resolve({ exitCode: code, stderr: err })
        })
      }
    )
    const wallMs = performance.now() - started
    const outputs = parseOutputFile(await readFile(files.output, 'utf8'))
    const report = outputs.report
      ? (JSON.parse(await readFile(outputs.report, 'utf8')) as Report)
      : undefined
    const kib = time ? Number((await readFile(files.time, 'utf8')).trim().split('\n').at(-1)) : NaN
    return {
      exitCode,
      wallMs,
      timePeakMb: Number.isFinite(kib) ? Math.round((kib / 1024) * 10) / 10 : undefined,
      outputs,
      report,
      stderr
    }
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 5 })
  }
}

const pad = (s: string, n: number): string => s.padEnd(n)
const num = (n: number | undefined, digits = 0): string =>
  n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits })

export async function e2eBench(): Promise<{
  lines: string[]
  checks: { name: string; ok: boolean; detail: string }[]
}> {
  const lines: string[] = []
  const checks: { name: string; ok: boolean; detail: string }[] = []
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run npm run build first')
  }
  const dir = await mkdtemp(join(tmpdir(), 'cdn-refresh-bench-repo-'))
  const emulator = await startDcdnEmulator({
    urlsPerHostPerMinute: SCALED_PER_MINUTE,
    quotas: { UrlQuota: 1_000_000, PreloadQuota: 1_000_000 }
  })
  try {
    const repoStarted = performance.now()
    const push = await pushOf10k(dir)
    const repoMs = performance.now() - repoStarted
    const run = await runBundle(dir, push, {
      provider: 'alibaba-dcdn',
      rules: RULES,
      endpoint: emulator.url,
      'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
      'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret,
      limits: `refresh: { urls-per-host-per-minute: ${SCALED_PER_MINUTE} }`
    })
    const report = run.report
    if (run.exitCode !== 0 || !report) {
      throw new Error(
        `dist/index.js exited ${run.exitCode}${report ? '' : ' without a report'}: ${run.stderr.slice(0, 2000)}`
      )
    }
    const changes = report.changes.length
    const refresh = report.counts.refresh
    const prefetch = report.counts.prefetch
    lines.push(
      `End to end: push of ${num(changes)} changed files (git repo built in ${num(repoMs)} ms) → dist/index.js → DCDN emulator`,
      `  ${num(refresh.submitted)} refreshed in ${num(refresh.requests)} requests, ${num(prefetch.submitted)} prefetched in ${num(prefetch.requests)} requests; ${num(refresh.skipped + prefetch.skipped)} skipped, ${num(refresh.failed + prefetch.failed)} failed`,
      `  limits scaled to ${num(SCALED_PER_MINUTE)} URLs per host per minute (emulator and the limits input)`,
      `  ${pad('stage', 8)} ${pad('wall ms', 9)} ${pad('RSS MB', 8)} peak RSS MB so far`
    )
    for (const [label, key] of STAGES) {
      const m = report.memoryMb?.[key]
      lines.push(
        `  ${pad(label, 8)} ${pad(num(report.timingsMs[key]), 9)} ${pad(num(m?.rss, 1), 8)} ${num(m?.peak, 1)}`
      )
    }
    const staged = STAGES.reduce((sum, [, key]) => sum + (report.timingsMs[key] ?? 0), 0)
    lines.push(
      `  ${pad('total', 8)} ${pad(num(run.wallMs), 9)} (process wall time; stages ${num(staged)} ms, the rest is Node start-up and loading the bundle)`
    )
    const reportPeak = report.memoryMb?.report?.peak
    const peak = run.timePeakMb ?? reportPeak
    const source =
      run.timePeakMb !== undefined
        ? `/usr/bin/time; the report's own reading ${num(reportPeak, 1)} MB`
        : "the report's getrusage reading (/usr/bin/time not installed)"
    lines.push(`  peak RSS ${num(peak, 1)} MB (${source}); target < ${RSS_BUDGET_MB} MB`)
    checks.push({
      name: `e2e: ${num(changes)}-file push completes, every URL submitted`,
      ok:
        changes === FILES &&
        refresh.failed + prefetch.failed + refresh.skipped + prefetch.skipped === 0 &&
        refresh.submitted > 0,
      detail: `${num(changes)} changes, ${num(refresh.submitted)} refreshed, ${num(prefetch.submitted)} prefetched`
    })
    checks.push({
      name: `e2e: peak RSS under ${RSS_BUDGET_MB} MB`,
      ok: peak !== undefined && peak < RSS_BUDGET_MB,
      detail: `${num(peak, 1)} MB`
    })
    return { lines, checks }
  } finally {
    await emulator.close()
    await rm(dir, { recursive: true, force: true, maxRetries: 5 })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { lines, checks } = await e2eBench()
  for (const line of lines) console.log(line)
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'MISS'} ${c.name}: ${c.detail}`)
  if (checks.some(c => !c.ok)) process.exitCode = 1
}
