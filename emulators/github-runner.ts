// Runs the bundled action the way the GitHub runner does, for the demo and the end-to-end tests:
// INPUT_* variables with action.yml defaults applied, an event file, output and summary files,
// RUNNER_TEMP, and nothing else from the caller's environment.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

/**
 * The bundle the tests run: dist/index.js, or ACTION_BUNDLE_DIR/index.js when set (a bundle built
 * elsewhere, so that work in progress never overwrites the committed dist/).
 */
export function bundleEntry(): string {
  const dir = process.env.ACTION_BUNDLE_DIR
  return dir ? join(dir, 'index.js') : join(PROJECT_ROOT, 'dist', 'index.js')
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface RunnerOptions {
  /** The `with:` block. Inputs not given get their action.yml default, as the runner does. */
  inputs: Record<string, string>
  eventName: string
  event: Record<string, unknown>
  workspace: string
  /** GITHUB_SHA */
  sha?: string
  repository?: string
  apiUrl?: string
  /** What `${{ github.token }}` expands to. */
  token?: string
  /** Extra environment (e.g. ALIBABA_CLOUD_* set by an earlier step). */
  env?: Record<string, string>
  /** The action entry point; defaults to the committed bundle. */
  entry?: string
  timeoutMs?: number
}

export interface RunnerResult {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The parsed JSON report named by the `report` output, read before RUNNER_TEMP is removed. */
  report?: unknown
  /** `::error::`, `::warning::` and `::add-mask::` commands seen on stdout. */
  commands: { command: string; message: string }[]
  durationMs: number
}

interface ActionYaml {
  inputs?: Record<string, { default?: string; required?: boolean }>
}

/** Inputs as the runner passes them: every declared input, given or defaulted, as INPUT_<NAME>. */
export async function runnerInputEnv(
  inputs: Record<string, string>,
  token: string
): Promise<Record<string, string>> {
  const action = parseYaml(await readFile(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as ActionYaml
  const declared = action.inputs ?? {}
  for (const name of Object.keys(inputs)) {
    if (!(name in declared)) throw new Error(`input '${name}' is not declared in action.yml`)
  }
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(declared)) {
    const raw = inputs[name] ?? String(spec.default ?? '')
    const value = raw.replace(/\$\{\{\s*github\.token\s*\}\}/g, token)
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter\nvalue\ndelimiter`). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '')
    if (m) {
      const [, name = '', delimiter] = m
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      out[name] = value.join('\n')
    } else {
      const eq = (lines[i] ?? '').indexOf('=')
      if (eq > 0) out[(lines[i] ?? '').slice(0, eq)] = (lines[i] ?? '').slice(eq + 1)
    }
  }
  return out
}

export function parseCommands(stdout: string): RunnerResult['commands'] {
  const commands: RunnerResult['commands'] = []
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (m) commands.push({ command: m[1] ?? '', message: m[2] ?? '' })
  }
  return commands
}

export async function runAction(options: RunnerOptions): Promise<RunnerResult> {
  const temp = await mkdtemp(join(tmpdir(), 'cdn-refresh-runner-'))
  try {
    const outputFile = join(temp, 'output.txt')
    const summaryFile = join(temp, 'summary.md')
    const eventFile = join(temp, 'event.json')
    await writeFile(outputFile, '')
    await writeFile(summaryFile, '')
    await writeFile(eventFile, JSON.stringify(options.event))
    const token = options.token ?? ''
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_SHA: options.sha ?? '',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: options.repository ?? 'octo-org/site',
      GITHUB_API_URL: options.apiUrl ?? 'https://api.github.com',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      ...(options.env ?? {}),
      ...(await runnerInputEnv(options.inputs, token))
    }
    const entry = options.entry ?? bundleEntry()
    const started = Date.now()
    const { exitCode, stdout, stderr } = await new Promise<{
      exitCode: number | null
      stdout: string
      stderr: string
    }>((resolvePromise, reject) => {
      // process.execPath: the e2e tests then run the bundle on whichever Node runs the suite.
      const child = spawn(process.execPath, [entry], { cwd: options.workspace, env })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
      child.on('error', reject)
      child.on('close', code => {
        clearTimeout(timer)
        resolvePromise({ exitCode: code, stdout: out, stderr: err })
      })
    })
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'))
    const report = outputs.report
      ? await readFile(outputs.report, 'utf8').then(
          t => JSON.parse(t) as unknown,
          () => undefined
        )
      : undefined
    return {
      exitCode,
      stdout,
      stderr,
      outputs,
      report,
      summary: await readFile(summaryFile, 'utf8'),
      commands: parseCommands(stdout),
      durationMs: Date.now() - started
    }
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 5 })
  }
}
