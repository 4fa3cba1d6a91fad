import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/input-error.js'
import {
  PROVIDER_NAMES,
  silentLogger,
  type ProviderModule,
  type ProviderName
} from '../src/providers/provider.js'
import { allProviderInputs, declaredInputs, loadProvider } from '../src/providers/registry.js'
import { thrown } from './helpers/expect-error.js'

/**
 * Every provider's module, loaded up front so the tests can configure them synchronously; one at a
 * time, as Jest's ESM loader can fail on concurrent imports that share a dependency.
 */
const loaded = new Map<ProviderName, ProviderModule>()
for (const name of PROVIDER_NAMES) loaded.set(name, await loadProvider(name))
const providerModule = (name: ProviderName): ProviderModule => loaded.get(name)!

const context = { requestTimeoutMs: 1000, logger: silentLogger }
const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''

describe('alibaba-dcdn inputs', () => {
  const dcdn = providerModule('alibaba-dcdn')

  it('fall back to the aliyun credentials action environment', () => {
    const configured = dcdn.configure(
      reader({}),
      {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'envid',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'envsecret',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'envtoken'
      },
      true
    )
    expect(configured.createClient(context)).not.toBeNull()
    expect(configured.directTargets).toEqual([])
  })

  it.each([
    [{ area: 'global' }, 'area', /'global'.*'domestic', 'overseas'/],
    [{ 'access-key-secret': '' }, 'access-key-secret', /empty while access-key-id is set/],
    [{ 'access-key-id': '' }, 'access-key-id', /empty while access-key-secret is set/],
    [{ endpoint: 'http://dcdn.aliyuncs.com' }, 'endpoint', /https:\/\//],
    [
      { 'security-token': 'tok', 'access-key-id': '', 'access-key-secret': '' },
      'security-token',
      /needs the temporary key pair/
    ]
  ])('reject %j naming the input', (override, input, message) => {
    const given = { 'access-key-id': 'AKID', 'access-key-secret': 'SECRET', ...override }
    const e = thrown(InputError, () => dcdn.configure(reader(given), {}, true))
    expect(e.input).toBe(input)
    expect(e.message).toMatch(message)
  })
})

describe('huawei-vod inputs', () => {
  const vod = providerModule('huawei-vod')
  const keys = { 'access-key-id': 'HWAK', 'access-key-secret': 'HWSK' }

  it('fall back to the Huawei Cloud SDK environment, and name it when credentials are missing', () => {
    const configured = vod.configure(
      reader({}),
      {
        HUAWEICLOUD_SDK_AK: 'ak',
        HUAWEICLOUD_SDK_SK: 'sk',
        HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef'
      },
      true
    )
    expect(configured.createClient(context)).not.toBeNull()
    const e = thrown(InputError, () => vod.configure(reader({}), {}, true))
    expect(e.input).toBe('access-key-id')
    expect(e.message).toMatch(/HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/)
    // Alibaba's variables are not Huawei's credentials.
    expect(() =>
      vod.configure(
        reader({}),
        { ALIBABA_CLOUD_ACCESS_KEY_ID: 'x', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'y' },
        true
      )
    ).toThrow(InputError)
  })

  it('turn asset-ids into prefetch-only asset targets, once each, comments skipped', () => {
    const configured = vod.configure(
      reader({
        ...keys,
        'asset-ids': '# launch video\nf488337c31c8e4622f1590735b134c65\n\nabc_1\nabc_1\n'
      }),
      {},
      true
    )
    expect(configured.directTargets).toEqual([
      expect.objectContaining({
        url: 'f488337c31c8e4622f1590735b134c65',
        objectType: 'asset',
        rule: -1,
        wanted: { refresh: false, prefetch: true }
      }),
      expect.objectContaining({ url: 'abc_1', objectType: 'asset' })
    ])
  })

  it.each([
    [{ region: 'cn-north-4.evil.com' }, 'region', /is not a region name.*cn-north-4/],
    [{ region: 'CN North' }, 'region', /is not a region name/],
    [{ 'project-id': '../v3' }, 'project-id', /is not a project ID.*My Credentials/],
    [{ 'asset-ids': 'ok\nnot an id' }, 'asset-ids', /'not an id' is not a media asset ID/],
    [{ endpoint: 'http://vod.cn-north-4.myhuaweicloud.com' }, 'endpoint', /https:\/\//],
    [{ 'iam-endpoint': 'https://iam.example.com/v3' }, 'iam-endpoint', /bare base URL/]
  ])('reject %j naming the input', (override, input, message) => {
    const e = thrown(InputError, () => vod.configure(reader({ ...keys, ...override }), {}, true))
    expect(e.input).toBe(input)
    expect(e.message).toMatch(message)
  })

  it('accept loopback http endpoints for emulators', () => {
    const configured = vod.configure(
      reader({ ...keys, endpoint: 'http://127.0.0.1:9', 'iam-endpoint': 'http://[::1]:9' }),
      {},
      true
    )
    expect(configured.createClient(context)).not.toBeNull()
  })
})

describe('provider inputs', () => {
  it.each(PROVIDER_NAMES)(
    '%s: the registry declares, before loading it, exactly the inputs its module reads',
    name => {
      expect(declaredInputs(name)).toEqual(providerModule(name).inputs)
    }
  )

  it('mask the credentials of every provider, with every environment fallback', () => {
    const secrets = allProviderInputs().filter(i => i.secret)
    expect(secrets.map(i => i.name).sort()).toEqual([
      'access-key-id',
      'access-key-secret',
      'api-key',
      'security-token'
    ])
    const env = secrets.flatMap(i => i.env ?? [])
    expect(env).toEqual(
      expect.arrayContaining([
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'HUAWEICLOUD_SDK_SK',
        'GCORE_API_KEY'
      ])
    )
  })
})

describe('gcore inputs', () => {
  const gcore = providerModule('gcore')
  const base = { 'api-key': '29841$abc', 'resource-id': '123456' }

  it('take the key from GCORE_API_KEY and set the prefetch size range', () => {
    const configured = gcore.configure(
      reader({ 'resource-id': '7', 'prefetch-min-size': '1KiB', 'prefetch-max-size': '2 MB' }),
      { GCORE_API_KEY: '1$k' },
      true
    )
    expect(configured.createClient(context)).not.toBeNull()
    expect(configured.specOverrides).toEqual({ prefetch: { sizeRange: [1024, 2_000_000] } })
    const defaults = gcore.configure(reader(base), {}, true)
    expect(defaults.specOverrides).toEqual({
      prefetch: { sizeRange: [200_000_000, 5_000_000_000] }
    })
  })

  it('need no key for a dry run, but always a resource', () => {
    const dry = gcore.configure(reader({ 'resource-id': '1' }), {}, false)
    expect(dry.createClient(context)).toBeNull()
    const e = thrown(InputError, () => gcore.configure(reader({}), {}, false))
    expect(e.input).toBe('resource-id')
  })

  it.each([
    [{ 'api-key': '' }, 'api-key', /GCORE_API_KEY.*dry-run: true/],
    [{ 'api-key': '29841$abc\n29841$abc' }, 'api-key', /line break/],
    [{ 'resource-id': '0' }, 'resource-id', /'0' is not a positive whole number/],
    [{ 'resource-id': 'my-site' }, 'resource-id', /not a positive whole number/],
    [{ 'prefetch-min-size': 'huge' }, 'prefetch-min-size', /'huge' is not a size/],
    [
      { 'prefetch-min-size': '2GB', 'prefetch-max-size': '1GB' },
      'prefetch-min-size',
      /is above prefetch-max-size/
    ],
    [{ endpoint: 'http://api.gcore.com' }, 'endpoint', /https:\/\//]
  ])('reject %j naming the input', (override, input, message) => {
    const given = { ...base, ...override }
    const e = thrown(InputError, () => gcore.configure(reader(given), {}, true))
    expect(e.input).toBe(input)
    expect(e.message).toMatch(message)
    expect(e.message).not.toContain('29841$abc')
  })
})
