// `npm run demo [-- PROVIDER]`: the action's main job, end to end, on this machine.
// A temporary git repository gets a commit that adds, modifies, renames and deletes files; the
// provider's built-in emulator listens on 127.0.0.1; the bundled dist/index.js runs as the GitHub
// runner would run it; the step outputs, the job summary and what the emulator accepted are printed.
// PROVIDER: alibaba-dcdn (default), alibaba-edge-routine, alibaba-esa, huawei-vod or gcore.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { EMULATOR_CREDENTIALS, startDcdnEmulator } from '../emulators/alibaba-dcdn.js'
import { startEsaEmulator } from '../emulators/alibaba-esa.js'
import { EMULATOR_HUAWEI_CREDENTIALS, startHuaweiVodEmulator } from '../emulators/huawei-vod.js'
import {
  EMULATOR_GCORE_API_KEY,
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator
} from '../emulators/gcore.js'
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

/** One provider's demo: the repository it changes, its emulator and the action's inputs. */
interface Scenario {
  emulator(): Promise<{ url: string; close(): Promise<void>; accepted(): string[] }>
  deployed(workspace: string): void
  push(workspace: string): void
  inputs(emulatorUrl: string): Record<string, string>
}

const DCDN_RULES = `
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

const dcdn: Scenario = {
  async emulator() {
    const emulator = await startDcdnEmulator({ quotas: { UrlRemain: 2000, PreloadRemain: 300 } })
    return {
      url: emulator.url,
      close: () => emulator.close(),
      accepted: () =>
        emulator.state.tasks.map(t => `${t.action} task ${t.taskId}: ${t.urls.join(' ')}`)
    }
  },
  deployed(workspace) {
    write(workspace, 'public/index.html', '<h1>Home</h1>')
    write(workspace, 'public/blog/index.html', '<h1>Blog</h1>')
    write(workspace, 'public/blog/first-post.html', '<p>First</p>')
    write(workspace, 'public/assets/site.css', 'body { color: black }')
    write(workspace, 'public/assets/logo.svg', '<svg/>')
    write(workspace, 'public/docs/old-name.html', '<p>Docs</p>')
    write(workspace, 'README.md', '# Site')
  },
  push(workspace) {
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
  },
  inputs: url => ({
    provider: 'alibaba-dcdn',
    rules: DCDN_RULES,
    endpoint: url,
    'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
    'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret
  })
}

const LAUNCH_ASSET = 'f488337c31c8e4622f1590735b134c65'

const vod: Scenario = {
  async emulator() {
    const emulator = await startHuaweiVodEmulator({
      assets: { [LAUNCH_ASSET]: ['https://vod.example.com/asset/launch/index.m3u8'] }
    })
    return {
      url: emulator.url,
      close: () => emulator.close(),
      accepted: () =>
        emulator.state.tasks.map(
          t =>
            `CreatePreheatingAsset task ${t.taskId}: ${t.assetId ? `asset ${t.assetId}` : t.urls.join(' ')}`
        )
    }
  },
  deployed(workspace) {
    write(workspace, 'media/intro.mp4', 'v1')
    write(workspace, 'media/old-teaser.mp4', 'old')
    write(workspace, 'README.md', '# Media')
  },
  push(workspace) {
    for (let i = 1; i <= 12; i++)
      write(workspace, `media/episodes/ep${String(i).padStart(2, '0')}.mp4`, `${i}`)
    write(workspace, 'media/Bande-annonce été.mp4', 'trailer') // added: spaces, non-ASCII
    write(workspace, 'media/intro.mp4', 'v2') //                      modified
    unlinkSync(join(workspace, 'media/old-teaser.mp4')) //            removed: nothing to pre-load
  },
  inputs: url => ({
    provider: 'huawei-vod',
    // VOD only pre-loads: a rule prefetches added and modified files by default.
    rules: '- files: media/**\n  url: https://vod.example.com/\n',
    'asset-ids': LAUNCH_ASSET,
    endpoint: url,
    'iam-endpoint': url,
    'access-key-id': EMULATOR_HUAWEI_CREDENTIALS.accessKeyId,
    'access-key-secret': EMULATOR_HUAWEI_CREDENTIALS.accessKeySecret
  })
}

const gcore: Scenario = {
  async emulator() {
    // The account states 1 prefetch every 2 s (real accounts: 1 a minute), so the demo shows the
    // pacing without waiting minutes.
    const emulator = await startGcoreEmulator({
      perMinute: { prefetch: 30 },
      limits: { prefetch_request_limit: '1/2s' }
    })
    return {
      url: emulator.url,
      close: () => emulator.close(),
      accepted: () =>
        emulator.state.accepted.map(
          a =>
            `${a.type} (${a.items.length}): ${a.items.slice(0, 4).join(' ')}${a.items.length > 4 ? ' …' : ''}`
        )
    }
  },
  deployed(workspace) {
    write(workspace, 'downloads/installer.bin', 'v1'.repeat(2000))
    write(workspace, 'downloads/notes.txt', 'v1')
  },
  push(workspace) {
    // 120 new "large" files (the demo lowers the size range to 1 KB–1 MB): two prefetch requests.
    for (let i = 1; i <= 120; i++) {
      write(workspace, `downloads/clips/clip-${String(i).padStart(3, '0')}.mp4`, 'x'.repeat(2048))
    }
    write(workspace, 'downloads/installer.bin', 'v2'.repeat(2000)) // modified: purged, then prefetched
    write(workspace, 'downloads/notes.txt', 'v2') //                   modified: too small to prefetch
  },
  inputs: url => ({
    provider: 'gcore',
    rules:
      '- files: downloads/**\n  url: https://dl.example.com/\n  refresh: true\n  prefetch: [added, modified]\n',
    endpoint: url,
    'api-key': EMULATOR_GCORE_API_KEY,
    'resource-id': String(EMULATOR_GCORE_RESOURCE_ID),
    'prefetch-min-size': '1KB',
    'prefetch-max-size': '1MB'
  })
}

// Docs refreshed by directory, the rest of the site file by file: the push of the Alibaba demos.
const DOCS_RULES = `
- files: public/docs/**
  url: https://www.example.com/
  strip: public/
  refresh-type: directory
- files: public/**
  exclude: public/docs/**
  url: https://www.example.com/
  index: [index.html]
  refresh: true
  prefetch: [added, modified]
`

const docsSite: Pick<Scenario, 'deployed' | 'push'> = {
  deployed(workspace) {
    write(workspace, 'public/index.html', '<h1>Home</h1>')
    write(workspace, 'public/docs/guide/install.html', '<p>Install</p>')
    write(workspace, 'public/docs/guide/upgrade.html', '<p>Upgrade</p>')
    write(workspace, 'public/docs/api/v1.html', '<p>API</p>')
  },
  push(workspace) {
    write(workspace, 'public/docs/guide/install.html', '<p>Install, new</p>') // one directory
    write(workspace, 'public/docs/guide/upgrade.html', '<p>Upgrade, new</p>') // refreshed once
    write(workspace, 'public/docs/api/v1.html', '<p>API, new</p>')
    write(workspace, 'public/index.html', '<h1>Home, new</h1>')
    write(workspace, 'public/Nouveautés.html', '<p>News</p>') // added: prefetched
  }
}

const edgeRoutine: Scenario = {
  ...docsSite,
  async emulator() {
    const emulator = await startDcdnEmulator({ quotas: { UrlRemain: 2000, DirRemain: 100 } })
    return {
      url: emulator.url,
      close: () => emulator.close(),
      accepted: () =>
        emulator.state.tasks.map(
          t => `${t.action} ${t.objectType ?? ''} task ${t.taskId}: ${t.urls.join(' ')}`
        )
    }
  },
  inputs: url => ({
    provider: 'alibaba-edge-routine',
    rules: DOCS_RULES,
    'routine-id': 'site.mysubdomain',
    endpoint: url,
    'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
    'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret
  })
}

const esa: Scenario = {
  ...docsSite,
  async emulator() {
    const emulator = await startEsaEmulator({
      quotas: { file: { quota: 10_000, usage: 120 }, directory: { quota: 100, usage: 3 } }
    })
    return {
      url: emulator.url,
      close: () => emulator.close(),
      accepted: () =>
        emulator.state.tasks.map(
          t => `${t.action} ${t.type ?? ''} task ${t.taskId}: ${t.urls.join(' ')}`
        )
    }
  },
  inputs: url => ({
    provider: 'alibaba-esa',
    rules: DOCS_RULES,
    'site-id': '123456789',
    endpoint: url,
    'access-key-id': EMULATOR_CREDENTIALS.accessKeyId,
    'access-key-secret': EMULATOR_CREDENTIALS.accessKeySecret
  })
}

const SCENARIOS: Record<string, Scenario> = {
  'alibaba-edge-routine': edgeRoutine,
  'alibaba-esa': esa,
  'alibaba-dcdn': dcdn,
  'huawei-vod': vod,
  gcore
}

async function main(provider: string): Promise<number> {
  const scenario = SCENARIOS[provider]
  if (!scenario) {
    console.error(
      `Unknown provider '${provider}'. Use one of: ${Object.keys(SCENARIOS).join(', ')}.`
    )
    return 2
  }
  const workspace = mkdtempSync(join(tmpdir(), 'cdn-refresh-demo-'))
  const emulator = await scenario.emulator()
  try {
    git(workspace, 'init', '-q', '-b', 'main')
    scenario.deployed(workspace)
    git(workspace, 'add', '-A')
    git(workspace, 'commit', '-q', '-m', 'As deployed')
    const before = git(workspace, 'rev-parse', 'HEAD')
    scenario.push(workspace)
    git(workspace, 'add', '-A')
    git(workspace, 'commit', '-q', '-m', 'The push')
    const after = git(workspace, 'rev-parse', 'HEAD')

    console.log(`Workspace: ${workspace}`)
    console.log(`${provider} emulator: ${emulator.url}`)
    console.log(`Push: ${before.slice(0, 7)}..${after.slice(0, 7)}\n`)

    const result = await runAction({
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main', repository: { full_name: 'octo-org/site' } },
      workspace,
      sha: after,
      token: 'demo-token',
      inputs: scenario.inputs(emulator.url)
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
    for (const line of emulator.accepted()) console.log(line)
    return result.exitCode ?? 1
  } finally {
    await emulator.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

process.exitCode = await main(process.argv[2] ?? 'alibaba-dcdn')
