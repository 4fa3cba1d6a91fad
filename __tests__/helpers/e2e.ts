// What every end-to-end file needs: temporary repositories cleaned up after the file, emulators
// closed after each test, and a push event run through dist/index.js as the runner runs it.
import { afterAll, afterEach, beforeAll } from '@jest/globals'
import { existsSync } from 'node:fs'
import { bundleEntry, runAction, type RunnerResult } from '../../emulators/github-runner.js'
import { TempDirs, type GitRepo } from './git-repo.js'

/** A repository with a deployed commit and a pushed one. */
export interface Pushed {
  repo: GitRepo
  before: string
  after: string
}

export interface E2eContext {
  /** Temporary directories of this test file, removed after it. */
  temp(): TempDirs
  /** Closes `server` after the current test. */
  track<T extends { close(): Promise<void> }>(server: T): T
}

/** Registers the hooks of an end-to-end test file; call once at its top level. */
export function useE2e(): E2eContext {
  let temp: TempDirs | undefined
  const open: { close(): Promise<void> }[] = []
  beforeAll(() => {
    if (!existsSync(bundleEntry())) {
      throw new Error(`${bundleEntry()} is missing: run npm run build first`)
    }
    temp = new TempDirs()
  })
  afterAll(async () => {
    await temp?.cleanup()
  })
  afterEach(async () => {
    await Promise.all(open.splice(0).map(server => server.close()))
  })
  return {
    temp: () => {
      if (!temp) throw new Error('useE2e: temp() is only available inside tests')
      return temp
    },
    track: server => {
      open.push(server)
      return server
    }
  }
}

/** dist/index.js on a push of `p`, with these `with:` inputs, in `workspace` (default the repo). */
export function runPush(
  p: Pushed,
  inputs: Record<string, string>,
  workspace = p.repo.dir
): Promise<RunnerResult> {
  return runAction({
    eventName: 'push',
    event: { before: p.before, after: p.after, ref: 'refs/heads/main' },
    workspace,
    sha: p.after,
    token: 'ghs_dummy',
    inputs
  })
}

/** The runner's log without the masking commands, which necessarily name the secrets. */
export function unmaskedLog(result: RunnerResult): string {
  return result.stdout.replace(/^::add-mask::.*$/gm, '')
}
