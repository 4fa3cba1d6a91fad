import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

// Isolated from the machine's git config, so every test sees the same git behaviour.
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

/** Runs git in `cwd` and returns its stdout with the trailing newline removed. */
export function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: GIT_ENV, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`git ${args.join(' ')} in ${cwd} failed: ${stderr || error.message}`))
        else resolve(stdout.replace(/\n$/, ''))
      }
    )
  })
}

/** Directories made by one test; `cleanup()` removes them all (the repository and its clones). */
export class TempDirs {
  private readonly dirs: string[] = []

  async make(prefix = 'cdn-refresh-'): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix))
    this.dirs.push(dir)
    return dir
  }

  async cleanup(): Promise<void> {
    await Promise.all(
      this.dirs.splice(0).map(d => rm(d, { recursive: true, force: true, maxRetries: 5 }))
    )
  }
}

/**
 * A real git repository in a temporary directory, with an identity configured and branch `main`.
 *
 *   const repo = await GitRepo.init()
 *   await repo.write('a.txt', 'x'); const sha = await repo.commit('first')
 *   const clone = await repo.cloneShallow()   // depth 1, origin = repo
 *   await repo.cleanup()                      // removes the repository and every clone
 */
export class GitRepo {
  private constructor(
    readonly dir: string,
    private readonly temp: TempDirs
  ) {}

  static async init(temp: TempDirs = new TempDirs()): Promise<GitRepo> {
    const dir = await temp.make('cdn-refresh-repo-')
    await git(dir, 'init', '--quiet', '--initial-branch=main')
    const repo = new GitRepo(dir, temp)
    await repo.configure()
    return repo
  }

  private async configure(): Promise<void> {
    await this.git('config', 'user.name', 'Test User')
    await this.git('config', 'user.email', 'test@example.com')
    await this.git('config', 'commit.gpgsign', 'false')
  }

  /** file:// URL of the repository, for clones and submodules. */
  get url(): string {
    return pathToFileURL(this.dir).href
  }

  git(...args: string[]): Promise<string> {
    return git(this.dir, ...args)
  }

  /** Writes a file (creating directories); `path` is repository-relative with `/`. */
  async write(path: string, content: string | Uint8Array = `${path}\n`): Promise<void> {
    const full = join(this.dir, path)
    await mkdir(dirname(full), { recursive: true })
    await writeFile(full, content)
  }

  async remove(path: string): Promise<void> {
    await rm(join(this.dir, path))
  }

  async rename(from: string, to: string): Promise<void> {
    await mkdir(dirname(join(this.dir, to)), { recursive: true })
    await rename(join(this.dir, from), join(this.dir, to))
  }

  /** Stages everything and commits (empty commits allowed); returns the new commit's SHA. */
  async commit(message = 'change'): Promise<string> {
    await this.git('add', '--all')
    await this.git('commit', '--quiet', '--allow-empty', '--no-verify', '-m', message)
    return this.head()
  }

  head(): Promise<string> {
    return this.git('rev-parse', 'HEAD')
  }

  /** Adds `other` as a submodule at `path` (staged, not committed). */
  async addSubmodule(other: GitRepo, path: string): Promise<void> {
    await this.git(
      '-c',
      'protocol.file.allow=always',
      'submodule',
      '--quiet',
      'add',
      other.url,
      path
    )
  }

  /** Lets clones fetch any object by SHA, as GitHub does, including commits no branch reaches. */
  async allowFetchAnySha(): Promise<void> {
    await this.git('config', 'uploadpack.allowAnySHA1InWant', 'true')
  }

  /** `git clone --depth=<depth> file://...` (origin = this repository), as actions/checkout does. */
  async cloneShallow(depth = 1, branch = 'main'): Promise<GitRepo> {
    await this.allowFetchAnySha()
    return this.cloneWith(['--depth', String(depth), '--branch', branch])
  }

  /** A full clone (origin = this repository). */
  clone(): Promise<GitRepo> {
    return this.cloneWith([])
  }

  private async cloneWith(options: string[]): Promise<GitRepo> {
    const dir = await this.temp.make('cdn-refresh-clone-')
    await git(dir, 'clone', '--quiet', '--no-tags', ...options, this.url, dir)
    const clone = new GitRepo(dir, this.temp)
    await clone.configure()
    return clone
  }

  cleanup(): Promise<void> {
    return this.temp.cleanup()
  }
}
