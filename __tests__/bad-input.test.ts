// Bad input, per input and per provider (issue 10): each case gives exactly one error, an input
// error that names the input, the bad value (never a secret) and the fix, and the provider is
// never asked anything: the endpoint, a server that counts requests, sees none. In process through
// run() with a fake runner; e2e/bad-input.test.ts runs a few through the bundle.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run, type ActionIO } from '../src/main.js'
import type { ProviderName } from '../src/providers/provider.js'
import type { Report } from '../src/report/report.js'
import { listenOnLoopback, type LoopbackServer } from '../emulators/loopback-server.js'
import { FakeClock } from './helpers/fake-clock.js'
import { TempDirs } from './helpers/git-repo.js'

// Distinctive values: none of them may appear in anything the run writes.
const SECRETS = {
  id: 'LTAIh4IdDistinct01',
  secret: 'h4SecretDistinct0123456789',
  token: 'h4TokenDistinct0123456789',
  gcore: '29841$h4GcoreDistinct0123456789',
  userinfo: 'h4UserinfoPassword99',
  query: 'h4QueryToken987654'
}

let temp: TempDirs
let server: LoopbackServer
let requests = 0
beforeAll(async () => {
  temp = new TempDirs()
  server = await listenOnLoopback(async (req, res) => {
    requests++
    req.resume()
    res.writeHead(500, { 'content-type': 'application/json' }).end('{}')
  })
})
afterAll(async () => {
  await server.close()
  await temp.cleanup()
})

/** Valid inputs of a live run for each provider, its endpoint the counting server. */
function valid(provider: ProviderName): Record<string, string> {
  const base = { provider, 'max-retries': '0', timeout: '30' }
  const alibaba = { 'access-key-id': SECRETS.id, 'access-key-secret': SECRETS.secret }
  switch (provider) {
    case 'alibaba-dcdn':
    case 'alibaba-edge-routine':
      return { ...base, ...alibaba, endpoint: server.url, urls: 'https://www.example.com/a' }
    case 'alibaba-esa':
      return {
        ...base,
        ...alibaba,
        endpoint: server.url,
        'site-id': '123456',
        urls: 'https://www.example.com/a'
      }
    case 'huawei-vod':
      return {
        ...base,
        ...alibaba,
        endpoint: server.url,
        'iam-endpoint': server.url,
        'prefetch-urls': 'https://www.example.com/a.mp4'
      }
    case 'gcore':
      return {
        ...base,
        'api-key': SECRETS.gcore,
        'resource-id': '123456',
        endpoint: server.url,
        urls: 'https://www.example.com/a'
      }
  }
}

interface RunResult {
  failed: string[]
  errors: string[]
  /** Everything else the run said: info, warnings, debug, groups. */
  log: string[]
  outputs: Record<string, string>
  summary: string
  reportText: string
  report?: Report
  requests: number
}

async function runInProcess(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<RunResult> {
  const dir = await temp.make()
  const before = requests
  const r: RunResult = {
    failed: [],
    errors: [],
    log: [],
    outputs: {},
    summary: '',
    reportText: '',
    requests: 0
  }
  const io: ActionIO = {
    getInput: name => (inputs[name] ?? '').trim(),
    env: {
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: dir,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      ...env
    },
    setSecret: () => {},
    setOutput: (name, value) => void (r.outputs[name] = value),
    writeSummary: async markdown => void (r.summary += markdown),
    setFailed: message => void r.failed.push(message),
    warning: message => void r.log.push(message),
    error: message => void r.errors.push(message),
    group: (title, lines) => void r.log.push(title, ...lines),
    logger: {
      debug: m => void r.log.push(m),
      info: m => void r.log.push(m),
      warning: m => void r.log.push(m)
    },
    clock: new FakeClock(),
    random: () => 0
  }
  await run(io)
  r.requests = requests - before
  r.reportText = r.outputs.report ? await readFile(r.outputs.report, 'utf8').catch(() => '') : ''
  r.report = r.reportText ? (JSON.parse(r.reportText) as Report) : undefined
  return r
}

/** Every piece of a secret long enough to identify it (a value split at white space too). */
function secretParts(inputs: Record<string, string>): string[] {
  const given = [
    ...Object.values(SECRETS),
    inputs['access-key-id'],
    inputs['access-key-secret'],
    inputs['security-token'],
    inputs['api-key']
  ]
  return given
    .flatMap(v => (v ?? '').split(/[\s\p{Cc}\p{Cf}$]+/u))
    .filter(p => p.length >= 6 && !/^(Distinct|APIKey)$/i.test(p))
}

interface Case {
  name: string
  /** Inputs over the provider's valid ones ('' removes one). */
  inputs: Record<string, string>
  input: string
  /** What the message must quote of the bad value. */
  value: RegExp
  /** The fix. */
  fix: RegExp
  /** Files to create in the workspace first (report-path cases). */
  setup?: (workspace: string) => Promise<void>
}

const COMMON: Case[] = [
  {
    name: 'an unknown provider',
    inputs: { provider: 'akamai' },
    input: 'provider',
    value: /'akamai'/,
    fix: /Set it to one of 'alibaba-dcdn'/
  },
  {
    name: 'timeout of the wrong type',
    inputs: { timeout: 'soon' },
    input: 'timeout',
    value: /'soon'/,
    fix: /Give a whole number from 1/
  },
  {
    name: 'timeout out of range',
    inputs: { timeout: '0' },
    input: 'timeout',
    value: /'0' is below 1/,
    fix: /Give a whole number/
  },
  {
    name: 'max-retries out of range',
    inputs: { 'max-retries': '99' },
    input: 'max-retries',
    value: /'99' is above 20/,
    fix: /Give a whole number/
  },
  {
    name: 'fail-on not a choice',
    inputs: { 'fail-on': 'sometimes' },
    input: 'fail-on',
    value: /'sometimes'/,
    fix: /Set it to one of/
  },
  {
    name: 'dry-run not a boolean',
    inputs: { 'dry-run': 'yes' },
    input: 'dry-run',
    value: /'yes'/,
    fix: /Use true or false/
  },
  {
    name: 'malformed YAML limits',
    inputs: { limits: 'refresh: [' },
    input: 'limits',
    value: /not valid YAML/,
    fix: /Write a mapping such as/
  },
  {
    name: 'an unknown limits key',
    inputs: { limits: 'refresh: { per-second: 5 }' },
    input: 'limits',
    value: /Unrecognized key: "per-second"/,
    fix: /Write a mapping such as/
  },
  {
    name: 'a limit out of range',
    inputs: { limits: 'prefetch: { per-request: 0 }' },
    input: 'limits',
    value: /prefetch\.per-request 0: Too small/,
    fix: /Write a mapping such as/
  },
  {
    name: 'malformed YAML rules',
    inputs: { rules: '- files: [' },
    input: 'rules',
    value: /not valid YAML: .* at line 1, column 11/,
    fix: /Quote globs/
  },
  {
    name: 'an unknown rule key',
    inputs: { rules: '- files: public/**\n  url: https://www.example.com/\n  colour: red' },
    input: 'rules',
    value: /colour/,
    fix: /Fields are files, exclude, url/
  },
  {
    name: 'a template that yields no valid URL',
    inputs: { rules: '- files: public/**\n  url: www.example.com/{relative}' },
    input: 'rules',
    value: /www\.example\.com\/\{relative\}/,
    fix: /e\.g\. https:\/\/cdn\.example\.com\/static\/\{relative\}/
  },
  {
    name: 'a bad URL in urls',
    inputs: { urls: 'ftp://www.example.com/a' },
    input: 'urls',
    value: /ftp:\/\/www\.example\.com\/a/,
    fix: /Give|Use|List/
  },
  {
    name: 'a bad base ref',
    inputs: { base: 'bad ref!' },
    input: 'base',
    value: /'bad ref!'/,
    fix: /Give a commit SHA/
  },
  {
    name: 'report-path an existing directory',
    inputs: { 'report-path': 'out' },
    input: 'report-path',
    value: /'out'.*is a directory/,
    fix: /Give the path of a file/,
    setup: ws => mkdir(join(ws, 'out'))
  },
  {
    name: 'report-path under a file',
    inputs: { 'report-path': 'file.txt/report.json' },
    input: 'report-path',
    value: /'file.txt\/report.json'.*file\.txt' is a file/,
    fix: /Give the path of a file/,
    setup: ws => writeFile(join(ws, 'file.txt'), 'x')
  },
  {
    name: 'report-path with a line break',
    inputs: { 'report-path': 'a\nb.json' },
    input: 'report-path',
    value: /'a\\nb.json'.*control character/,
    fix: /Give the path of a file/
  }
]

// Nothing to do at all: every list of targets empty (rules, urls, prefetch-urls, asset-ids).
const NOTHING: Case = {
  name: 'rules and every URL list empty',
  inputs: { rules: '', urls: '', 'prefetch-urls': '', 'asset-ids': '' },
  input: 'rules',
  value: /is empty, and so are urls, prefetch-urls/,
  fix: /Give rules that map changed files to URLs/
}

const ENDPOINT: Case[] = [
  {
    name: 'endpoint not a URL',
    inputs: { endpoint: 'https//nope' },
    input: 'endpoint',
    value: /'https\/\/nope' is not a URL/,
    fix: /Give a base URL such as https:/
  },
  {
    name: 'endpoint http:// to a non-loopback host',
    inputs: { endpoint: 'http://cdn.example.com' },
    input: 'endpoint',
    value: /'http:\/\/cdn\.example\.com'/,
    fix: /must use https:\/\//
  },
  {
    name: 'endpoint with credentials',
    inputs: { endpoint: `https://admin:${SECRETS.userinfo}@cdn.example.com` },
    input: 'endpoint',
    value: /'https:\/\/\[REDACTED\]@cdn\.example\.com'/,
    fix: /Remove them/
  },
  {
    name: 'endpoint with credentials that fail to parse',
    inputs: { endpoint: `https://admin:${SECRETS.userinfo}/x@` },
    input: 'endpoint',
    value: /\[REDACTED\]@/,
    fix: /Give a base URL|Remove them/
  },
  {
    name: 'endpoint with a query',
    inputs: { endpoint: `https://cdn.example.com/?token=${SECRETS.query}` },
    input: 'endpoint',
    value: /'https:\/\/cdn\.example\.com\/\?\[REDACTED\]'/,
    fix: /Give the bare base URL/
  },
  {
    name: 'endpoint with a path',
    inputs: { endpoint: 'https://cdn.example.com/v2' },
    input: 'endpoint',
    value: /'https:\/\/cdn\.example\.com\/v2' has a path/,
    fix: /Give the bare base URL/
  }
]

const KEY_PAIR: Case[] = [
  {
    name: 'credentials missing',
    inputs: { 'access-key-id': '', 'access-key-secret': '' },
    input: 'access-key-id',
    value: /is empty/,
    fix: /Pass them from secrets/
  },
  {
    name: 'half a key pair',
    inputs: { 'access-key-secret': '' },
    input: 'access-key-secret',
    value: /is empty/,
    fix: /Give both/
  },
  {
    name: 'an access-key-id with a line break',
    inputs: { 'access-key-id': 'LTAIh4Id\nDistinct01' },
    input: 'access-key-id',
    value: /contains a line break \(character 9 of 19/,
    fix: /Paste the credential alone/
  },
  {
    name: 'an access-key-secret with a space',
    inputs: { 'access-key-secret': 'h4Secret Distinct0123456789' },
    input: 'access-key-secret',
    value: /contains white space/,
    fix: /Paste the credential alone/
  },
  {
    name: 'a security-token with a control character',
    inputs: { 'security-token': 'h4Token\u0000Distinct0123456789' },
    input: 'security-token',
    value: /invisible control character/,
    fix: /Paste the credential alone/
  }
]

const BY_PROVIDER: Record<ProviderName, Case[]> = {
  'alibaba-dcdn': [
    ...KEY_PAIR,
    {
      name: 'area not a choice',
      inputs: { area: 'global' },
      input: 'area',
      value: /'global'/,
      fix: /Set it to one of 'domestic'/
    }
  ],
  'alibaba-edge-routine': [
    ...KEY_PAIR,
    {
      name: 'a malformed routine-id',
      inputs: { 'routine-id': 'no dots' },
      input: 'routine-id',
      value: /'no dots'/,
      fix: /Give "Name.Subdomain"/
    },
    {
      name: 'a bad merge domain',
      inputs: { 'merge-domain-names': 'www.example.com,not a domain' },
      input: 'merge-domain-names',
      value: /'not a domain'/,
      fix: /Give domains/
    },
    {
      name: 'force not a boolean',
      inputs: { force: 'maybe' },
      input: 'force',
      value: /'maybe'/,
      fix: /Use true or false/
    }
  ],
  'alibaba-esa': [
    ...KEY_PAIR,
    {
      name: 'site-id empty where required',
      inputs: { 'site-id': '' },
      input: 'site-id',
      value: /is required/,
      fix: /numeric ID of the ESA site/
    },
    {
      name: 'site-id of the wrong type',
      inputs: { 'site-id': 'mysite' },
      input: 'site-id',
      value: /'mysite'/,
      fix: /Give the numeric site ID/
    },
    {
      name: 'region not a choice',
      inputs: { region: 'mars-1' },
      input: 'region',
      value: /'mars-1'/,
      fix: /Set it to one of/
    },
    {
      name: 'edge-compute-purge not a boolean',
      inputs: { 'edge-compute-purge': 'maybe' },
      input: 'edge-compute-purge',
      value: /'maybe'/,
      fix: /Use true or false/
    }
  ],
  'huawei-vod': [
    ...KEY_PAIR,
    {
      name: 'a malformed asset ID',
      inputs: { 'asset-ids': 'not an id' },
      input: 'asset-ids',
      value: /'not an id'/,
      fix: /Give the IDs of published media assets/
    },
    {
      name: 'a malformed project-id',
      inputs: { 'project-id': 'my project' },
      input: 'project-id',
      value: /'my project'/,
      fix: /Copy the project ID/
    },
    {
      name: 'a malformed region',
      inputs: { region: 'Mars' },
      input: 'region',
      value: /'Mars'/,
      fix: /Give a Huawei Cloud region/
    },
    {
      name: 'iam-endpoint http:// to a non-loopback host',
      inputs: { 'iam-endpoint': 'http://iam.example.com' },
      input: 'iam-endpoint',
      value: /'http:\/\/iam\.example\.com'/,
      fix: /must use https:\/\//
    },
    {
      name: 'iam-endpoint with credentials',
      inputs: { 'iam-endpoint': `https://u:${SECRETS.userinfo}@iam.example.com` },
      input: 'iam-endpoint',
      value: /\[REDACTED\]@iam\.example\.com/,
      fix: /Remove them/
    }
  ],
  gcore: [
    {
      name: 'api-key missing',
      inputs: { 'api-key': '' },
      input: 'api-key',
      value: /is empty/,
      fix: /Pass it from a secret/
    },
    {
      name: 'an api-key with a line break',
      inputs: { 'api-key': `${SECRETS.gcore}\n${SECRETS.gcore}` },
      input: 'api-key',
      value: /line break/,
      fix: /Paste the token alone/
    },
    {
      name: 'resource-id empty where required',
      inputs: { 'resource-id': '' },
      input: 'resource-id',
      value: /is required/,
      fix: /the ID of the CDN resource/
    },
    {
      name: 'resource-id of the wrong type',
      inputs: { 'resource-id': 'my-site' },
      input: 'resource-id',
      value: /'my-site'/,
      fix: /Give the numeric ID/
    },
    {
      name: 'a prefetch-min-size that is no size',
      inputs: { 'prefetch-min-size': 'big' },
      input: 'prefetch-min-size',
      value: /'big'/,
      fix: /Give bytes/
    },
    {
      name: 'a size range upside down',
      inputs: { 'prefetch-min-size': '2GB', 'prefetch-max-size': '1GB' },
      input: 'prefetch-min-size',
      value: /2,000,000,000 bytes/,
      fix: /Give a minimum at or below/
    }
  ]
}

const PROVIDERS = Object.keys(BY_PROVIDER) as ProviderName[]

describe.each(PROVIDERS)('%s', provider => {
  it('reaches the counting endpoint with valid inputs (so that zero requests means something)', async () => {
    const r = await runInProcess(valid(provider))
    expect(r.requests).toBeGreaterThan(0)
    expect(r.report?.error?.type).not.toBe('input')
  })

  const cases = [...COMMON, NOTHING, ...ENDPOINT, ...BY_PROVIDER[provider]]
  it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const inputs = { ...valid(provider), ...c.inputs }
    const dir = await temp.make()
    await c.setup?.(dir)
    const r = await runInProcess(inputs, { GITHUB_WORKSPACE: dir })

    expect(r.requests).toBe(0)
    expect(r.errors).toEqual([])
    expect(r.failed).toHaveLength(1)
    const message = r.failed[0]!
    expect(message.startsWith(`Input '${c.input}': `)).toBe(true)
    expect(message).toMatch(c.value)
    expect(message).toMatch(c.fix)
    if (r.report) expect(r.report.error).toEqual({ type: 'input', message })

    const everything = [...r.failed, ...r.log, r.summary, r.reportText, ...Object.values(r.outputs)]
    for (const part of secretParts(inputs)) {
      for (const text of everything) expect(text).not.toContain(part)
    }
  })
})
