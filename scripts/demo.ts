// `npm run demo`: the action's main job, end to end, on this machine.
// A temporary git repository holding a small static site gets a commit that adds, modifies, renames
// and deletes files; the built-in DCDN emulator listens on 127.0.0.1; the bundled dist/index.js runs
// as the GitHub runner would run it; the step outputs and the job summary are printed.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../emulators/alibaba-dcdn.js'
import { runAction } from '../emulators/github-runner.js'

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Demo',
      GIT_AUTHOR_EMAIL: 'demo@example.com',
      GIT_COMMITTER_NAME: 'Demo',
      GIT_COMMITTER_EMAIL: 'demo@example.com'
    }
  }).trim()
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}

const RULES = `
- files: public/**
  exclude: public/drafts/**
  url: https://www.example.com/
  index: [index.html]
  refresh: true
  prefetch: [added, modified]
- files: public/assets/**
  url: https://static.example.com/v1/{relative}
  strip: public/assets/
  refresh: true
`

async function main(): Promise<number> {
  const workspace = mkdtempSync(join(tmpdir(), 'cdn-refresh-demo-'))
  const emulator = await startDcdnEmulator({ quotas: { UrlRemain: 2000, PreloadRemain: 300 } })
  try {
    git(workspace, 'init', '-q', '-b', 'main')
    write(workspace, 'public/index.html', '<h1>Home</h1>')
    write(workspace, 'public/blog/index.html', '<h1>Blog</h1>')
    write(workspace, 'public/blog/first-post.html', '<p>First</p>')
    write(workspace, 'public/assets/site.css', 'body { color: black }')
    write(workspace, 'public/assets/logo.svg', '<svg/>')
    write(workspace, 'public/docs/old-name.html', '<p>Docs</p>')
    write(workspace, 'README.md', '# Site')
    git(workspace, 'add', '-A')
    git(workspace, 'commit', '-q', '-m', 'Site as deployed')
    const before = git(workspace, 'rev-parse', 'HEAD')

    write(workspace, 'public/blog/Café menu 2026.html', '<p>Menu</p>') //    added: spaces, non-ASCII
    write(workspace, 'public/index.html', '<h1>Home, new</h1>') //          modified (index document)
    write(workspace, 'public/assets/site.css', 'body { color: navy }') // modified, two domains
    renameSync(
      join(workspace, 'public/docs/old-name.html'),
      join(workspace, 'public/docs/new-name.html')
    )
    unlinkSync(join(workspace, 'public/assets/logo.svg')) //                 removed
    write(workspace, 'public/drafts/wip.html', '<p>WIP</p>') //              excluded by the rule
    write(workspace, 'README.md', '# Site\n\nNotes.') //                    matches no rule
    git(workspace, 'add', '-A')
    git(workspace, 'commit', '-q', '-m', 'Menu, restyle, rename docs, drop logo')
    const after = git(workspace, 'rev-parse', 'HEAD')

    console.log(`Workspace: ${workspace}`)
    console.log(`DCDN emulator: ${emulator.url}`)
    console.log(`Push: ${before.slice(0, 7)}..${after.slice(0, 7)}\n`)

    const result = await runAction({
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main', repository: { full_name: 'octo-org/site' } },
      workspace,
      sha: after,
      token: 'demo-token',
      inputs: {
        provider: 'alibaba-dcdn',
        rules: RULES,
        endpoint: emulator.url,
        'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
        'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret
      }
    })

    console.log(
      `--- action log (exit code ${result.exitCode}; ::debug:: lines hidden, as the runner does) ---`
    )
    console.log(
      result.stdout
        .split('\n')
        .filter(l => !l.startsWith('::debug::'))
        .join('\n')
        .trimEnd()
    )
    if (result.stderr.trim()) console.log(result.stderr.trimEnd())
    console.log('\n--- step outputs ---')
    for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}=${value}`)
    console.log('\n--- job summary ---')
    console.log(result.summary.trimEnd())
    console.log('\n--- what the emulator accepted ---')
    for (const task of emulator.state.tasks) {
      console.log(`${task.action} task ${task.taskId}: ${task.urls.join(' ')}`)
    }
    return result.exitCode ?? 1
  } finally {
    await emulator.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

process.exitCode = await main()
