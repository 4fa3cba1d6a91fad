// Start-up (issue 9, target 2): the bundle's start to its first input error, and a no-op run (a
// push that changed no file, in a real git checkout), each as the runner starts it: `node
// dist/index.js` with the runner's environment. Runs are timed alternately with a peer bundle's
// (dorny/paths-filter, when `--peer <dir>` names a build of it: the bench never fetches or commits
// one), so both see the same machine, and with `node -e 0`, the floor no bundle can go under.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { bundleEntry, runnerInputEnv } from '../emulators/github-runner.js'

/** Rounds of the alternation; each figure is the median of its runs. */
const ROUNDS = 25
/** The target: our time at most this share of the peer's. */
const TARGET_RATIO = 0.9

interface Command {
  name: string
  args: string[]
  env: Record<string, string>
  cwd: string
  /** The exit status the case must end with, or the timing is of a run that did not do its job. */
  exit: 'zero' | 'non-zero'
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_GLOBAL: '/dev/null', HOME: cwd }
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

/** A checkout whose last push changed no file (an empty commit), and the runner's files. */
async function fixture(
  temp: string
): Promise<{ workspace: string; sha: string; base: Record<string, string> }> {
  const workspace = join(temp, 'workspace')
  await mkdir(join(workspace, 'site'), { recursive: true })
  await writeFile(join(workspace, 'site', 'index.html'), '<h1>hi</h1>\n')
  const commit = (...args: string[]): void =>
    void git(
      workspace,
      '-c',
      'user.name=Bench',
      '-c',
      'user.email=b@example.com',
      'commit',
      '--quiet',
      '--no-verify',
      '--no-gpg-sign',
      ...args
    )
  git(workspace, 'init', '--quiet', '--initial-branch=main')
  git(workspace, 'add', '-A')
  commit('-m', 'site')
  const before = git(workspace, 'rev-parse', 'HEAD')
  commit('--allow-empty', '-m', 'nothing changed')
  const sha = git(workspace, 'rev-parse', 'HEAD')
  const event = join(temp, 'event.json')
  await writeFile(
    event,
    JSON.stringify({
      before,
      after: sha,
      ref: 'refs/heads/main',
      repository: { default_branch: 'main' }
    })
  )
  await writeFile(join(temp, 'output.txt'), '')
  await writeFile(join(temp, 'summary.md'), '')
  const base = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: join(temp, 'output.txt'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REPOSITORY: 'octo-org/site',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux'
  }
  return { workspace, sha, base }
}

type Fixture = Awaited<ReturnType<typeof fixture>>

/** The two cases of a bundle: no inputs at all, and the no-op push with `inputs` (INPUT_* env). */
function cases(entry: string, fx: Fixture, inputs: Record<string, string>): Command[] {
  const run = { args: [entry], cwd: fx.workspace }
  return [
    { name: 'first input error', ...run, env: fx.base, exit: 'non-zero' },
    { name: 'no-op push', ...run, env: { ...fx.base, ...inputs }, exit: 'zero' }
  ]
}

/** Ours: without inputs, the required `provider` is the first error. */
async function ownCases(entry: string, fx: Fixture): Promise<Command[]> {
  const inputs = await runnerInputEnv(
    {
      provider: 'alibaba-dcdn',
      'access-key-id': 'LTAI5tBenchBenchBench01',
      'access-key-secret': 'BenchSecretBenchSecretBench01',
      rules: '- files: site/**\n  url: https://www.example.com/\n  index: [index.html]\n'
    },
    'ghs_bench'
  )
  return cases(entry, fx, inputs)
}

/**
 * dorny/paths-filter's: without inputs, its required `filters` is the first error; the no-op push
 * with one filter, its other inputs as its action.yml declares them (defaults applied). The runner
 * names inputs INPUT_<NAME>, upper-cased, dashes kept.
 */
function peerCases(entry: string, fx: Fixture): Command[] {
  return cases(entry, fx, {
    INPUT_TOKEN: '',
    'INPUT_WORKING-DIRECTORY': '',
    INPUT_REF: '',
    INPUT_BASE: '',
    INPUT_FILTERS: 'site:\n  - "site/**"\n',
    'INPUT_LIST-FILES': 'none',
    'INPUT_INITIAL-FETCH-DEPTH': '100',
    'INPUT_PREDICATE-QUANTIFIER': 'some'
  })
}

function timeOnce(node: string, command: Command): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    // Output goes to pipes, read and dropped, as the runner reads a step's output.
    const child = spawn(node, command.args, { cwd: command.cwd, env: command.env })
    child.stdout.resume()
    child.stderr.resume()
    child.on('error', reject)
    child.on('close', code => {
      const ms = performance.now() - started
      const ok = command.exit === 'zero' ? code === 0 : code !== 0 && code !== null
      if (!ok) reject(new Error(`${command.name}: ${command.args.join(' ')} exited ${code}`))
      else resolve(ms)
    })
  })
}

const median = (runs: number[]): number => {
  const sorted = [...runs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface StartupBench {
  lines: string[]
}

/** Times the cases alternately: ours, the peer's (if any) and bare node, round by round. */
export async function startupBench(peerDir?: string): Promise<StartupBench> {
  const temp = await mkdtemp(join(tmpdir(), 'cdn-refresh-bench-startup-'))
  try {
    const fx = await fixture(temp)
    const node = process.execPath
    const ours = await ownCases(bundleEntry(), fx)
    const peerEntry = peerDir ? join(peerDir, 'dist', 'index.js') : undefined
    if (peerEntry && !existsSync(peerEntry)) throw new Error(`--peer: no ${peerEntry}`)
    const peer = peerEntry ? peerCases(peerEntry, fx) : []
    const bare: Command = {
      name: 'node -e 0',
      args: ['-e', '0'],
      env: fx.base,
      cwd: fx.workspace,
      exit: 'zero'
    }
    const all = [...ours, ...peer, bare]
    const runs = all.map(() => [] as number[])
    // One warm-up round (file cache), then rounds in turn, each case once per round.
    for (const command of all) await timeOnce(node, command)
    for (let round = 0; round < ROUNDS; round++) {
      for (let c = 0; c < all.length; c++) runs[c]!.push(await timeOnce(node, all[c]!))
    }
    const ms = runs.map(median)
    const lines = [
      `Start-up: ${process.version}, median of ${ROUNDS} runs each, timed in turn`,
      `  ${'case'.padEnd(20)} ${'this bundle'.padStart(11)} ${'peer'.padStart(8)} ${'ratio'.padStart(6)}  target`
    ]
    for (let c = 0; c < ours.length; c++) {
      const peerMs = peer.length > 0 ? ms[ours.length + c] : undefined
      lines.push(
        `  ${ours[c]!.name.padEnd(20)} ${`${ms[c]!.toFixed(1)} ms`.padStart(11)} ${
          peerMs === undefined ? '-'.padStart(8) : `${peerMs.toFixed(1)} ms`.padStart(8)
        } ${peerMs === undefined ? '-'.padStart(6) : `${(ms[c]! / peerMs).toFixed(2)}x`.padStart(6)}  <= ${TARGET_RATIO}x the peer`
      )
    }
    lines.push(
      `  ${'node -e 0'.padEnd(20)} ${`${ms[all.length - 1]!.toFixed(1)} ms`.padStart(11)}   (the floor: Node's own start)`
    )
    lines.push(
      peerEntry
        ? `  peer: ${peerEntry}`
        : '  peer: none (`npm run bench -- --peer <dir>` with a build of dorny/paths-filter; see README)'
    )
    return { lines }
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 5 })
  }
}
