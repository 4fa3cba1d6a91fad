import { afterEach, describe, expect, it } from '@jest/globals'
import {
  EMULATOR_GCORE_API_KEY,
  EMULATOR_GCORE_RESOURCE_ID,
  startGcoreEmulator,
  type GcoreEmulator,
  type GcoreEmulatorOptions
} from '../emulators/gcore.js'
import { gcorePath, gcoreProviderClient, gcoreSpec } from '../src/providers/gcore/gcore-provider.js'
import { accountSpec } from '../src/providers/registry.js'
import { silentLogger } from '../src/providers/provider.js'
import { Pacer, windowUses } from '../src/submit/pacer.js'
import type { Batch } from '../src/model.js'
import { FakeClock } from './helpers/fake-clock.js'

const running: GcoreEmulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(e => e.close()))
})

async function adapter(options: GcoreEmulatorOptions = {}) {
  const emulator = await startGcoreEmulator(options)
  running.push(emulator)
  const client = gcoreProviderClient(
    {
      endpoint: emulator.url,
      apiKey: EMULATOR_GCORE_API_KEY,
      resourceId: EMULATOR_GCORE_RESOURCE_ID,
      requestTimeoutMs: 2000
    },
    silentLogger
  )
  return { emulator, client }
}

describe('gcorePath', () => {
  it('keeps path and query exactly as encoded and drops scheme, host and fragment', () => {
    expect(gcorePath('https://cdn.example.com/a%20b/caf%C3%A9.mp4?v=2&x=%2F')).toBe(
      '/a%20b/caf%C3%A9.mp4?v=2&x=%2F'
    )
    expect(gcorePath('https://cdn.example.com')).toBe('/')
    expect(gcorePath('https://cdn.example.com/a#part')).toBe('/a')
  })
})

describe('the gcore adapter', () => {
  it('purges the paths of URLs on several hosts once each, and returns no task ID', async () => {
    const { emulator, client } = await adapter()
    const result = await client.submit('refresh', [
      'https://a.example.com/x.css',
      'https://b.example.com/x.css',
      'https://a.example.com/y.css?v=1'
    ])
    expect(result.taskIds).toEqual([])
    expect(emulator.state.accepted[0]).toMatchObject({
      type: 'purge_by_url',
      items: ['/x.css', '/y.css?v=1']
    })
  })

  it('reads the account limits as quota details and as limits for the plan', async () => {
    const { client } = await adapter({
      perRequest: { purgeUrls: 150 },
      limits: {
        purge_max_urls_limit: 150,
        prefetch_pattern_limit: 50,
        purge_by_urls_request_limit: '4/m',
        prefetch_request_limit: '1/2s'
      }
    })
    const quota = await client.readQuota()
    expect(quota?.details).toEqual({
      'purge-requests-per-minute': 4,
      'prefetch-requests-per-minute': 30
    })
    expect(quota?.limits).toEqual({
      refresh: { perRequest: 150, requestWindow: { requests: 4, windowMs: 60_000 } },
      prefetch: { perRequest: 50, requestWindow: { requests: 1, windowMs: 2_000 } }
    })
    // A larger account limit lets the adapter send larger requests than the documented 100.
    const urls = Array.from({ length: 150 }, (_, i) => `https://a.example.com/${i}`)
    await expect(client.submit('refresh', urls)).resolves.toEqual({ taskIds: [] })
  })

  it('falls back to the documented limits when the limits endpoint does not answer', async () => {
    const { client } = await adapter({ limits: 'absent' })
    const quota = await client.readQuota()
    expect(quota?.details).toEqual({
      'purge-requests-per-minute': null,
      'prefetch-requests-per-minute': null
    })
    expect(quota?.limits).toBeUndefined()
  })
})

describe('accountSpec', () => {
  it('takes the account limits, lets the limits input lower them and caps it at them', () => {
    const warnings: string[] = []
    const spec = accountSpec(
      gcoreSpec,
      { refresh: { perRequest: 150 }, prefetch: { perRequest: 50 } },
      { refresh: { perRequest: 120 }, prefetch: { perRequest: 80 } },
      m => warnings.push(m)
    )
    expect(spec.refresh?.perRequest).toBe(120)
    expect(spec.prefetch?.perRequest).toBe(50)
    expect(warnings).toEqual([
      "limits: prefetch.per-request 80 is above this account's 50; using 50."
    ])
    expect(spec.prefetch?.sizeRange).toEqual(gcoreSpec.prefetch?.sizeRange)
  })
})

describe('directory purges on gcore', () => {
  it('purge directories by pattern, once each', async () => {
    const { emulator, client } = await adapter()
    await client.submit(
      'refresh',
      ['https://a.example.com/docs/a/', 'https://b.example.com/docs/a/', 'https://a.example.com/'],
      'directory'
    )
    expect(emulator.state.accepted[0]).toMatchObject({
      type: 'purge_by_pattern',
      items: ['/docs/a/*', '/*']
    })
  })

  it('are paced on their own window, apart from purges by URL', () => {
    const clock = new FakeClock()
    const pacer = new Pacer(gcoreSpec, clock)
    const item = (url: string) => ({
      url,
      host: 'a.example.com',
      operation: 'refresh' as const,
      rule: 0,
      sources: [],
      status: 'planned' as const
    })
    const files: Batch = {
      operation: 'refresh',
      items: [item('https://a.example.com/x')],
      hosts: []
    }
    const dirs: Batch = {
      ...files,
      objectType: 'directory',
      items: [item('https://a.example.com/d/')]
    }
    expect(windowUses(dirs, gcoreSpec)).toEqual([
      { key: 'refresh:directory:requests', limit: 1, windowMs: 60_000, amount: 1 }
    ])
    pacer.record(dirs, clock.now())
    pacer.record(files, clock.now())
    expect(pacer.delayFor(dirs)).toBe(60_000)
    expect(pacer.delayFor(files)).toBe(0) // purge by URL allows 2 a minute
  })
})
