import { describe, expect, it } from '@jest/globals'
import { notWantedDetail, notWantedOperation, planItems } from '../src/plan.js'
import type { PlanItem, Quota, Target } from '../src/model.js'
import type { ProviderSpec } from '../src/providers/provider.js'
import { dcdnLikeSpec, vodLikeSpec, gcoreLikeSpec } from './helpers/provider-specs.js'

function target(path: string, over: Partial<Target> = {}): Target {
  return {
    url: `https://cdn.example.com/${path}`,
    host: 'cdn.example.com',
    sources: [path],
    kind: 'modified',
    rule: 0,
    wanted: { refresh: true, prefetch: true },
    ...over
  }
}

const quota = (remaining: Quota['remaining']): Quota => ({ remaining, details: {} })
const brief = (items: PlanItem[]) =>
  items.map(i =>
    `${i.operation} ${i.url.replace('https://cdn.example.com/', '')} ${i.status} ${i.reason ?? ''}`.trim()
  )

describe('planItems', () => {
  it('lists refresh items then prefetch items, each in target order, all planned', () => {
    const targets = [target('b.css', { rule: 1 }), target('a.js')]
    const items = planItems(targets, dcdnLikeSpec, null)
    expect(brief(items)).toEqual([
      'refresh b.css planned',
      'refresh a.js planned',
      'prefetch b.css planned',
      'prefetch a.js planned'
    ])
    expect(items[0]).toEqual({
      url: 'https://cdn.example.com/b.css',
      host: 'cdn.example.com',
      operation: 'refresh',
      rule: 1,
      sources: ['b.css'],
      status: 'planned'
    })
  })

  it('makes no item for an operation the rules do not ask for, and says why it is not wanted', () => {
    const removed = target('old.js', {
      kind: 'removed',
      wanted: { refresh: true, prefetch: false }
    })
    const direct = target('x', {
      rule: -1,
      sources: [],
      wanted: { refresh: false, prefetch: true }
    })
    expect(brief(planItems([removed, direct], dcdnLikeSpec, null))).toEqual([
      'refresh old.js planned',
      'prefetch x planned'
    ])
    expect(notWantedOperation(removed, 'prefetch', dcdnLikeSpec)).toBe(true)
    expect(notWantedOperation(removed, 'refresh', dcdnLikeSpec)).toBe(false)
    expect(notWantedDetail(removed, 'prefetch')).toBe(
      'the matching rules do not prefetch removed files'
    )
    expect(notWantedOperation(direct, 'refresh', dcdnLikeSpec)).toBe(true)
    expect(notWantedDetail(direct, 'refresh')).toBe('not listed for refresh by the direct inputs')
  })

  it('lists as not wanted only file operations the provider can do', () => {
    const prefetchOnly = target('b.mp4', { wanted: { refresh: false, prefetch: true } })
    // VOD cannot refresh: no not-wanted noise for it.
    expect(notWantedOperation(prefetchOnly, 'refresh', vodLikeSpec)).toBe(false)
    expect(notWantedOperation(prefetchOnly, 'refresh', dcdnLikeSpec)).toBe(true)
    // A directory is only about the operation it was made for.
    const dir = target('a/', {
      objectType: 'directory',
      wanted: { refresh: true, prefetch: false }
    })
    expect(notWantedOperation(dir, 'prefetch', dcdnLikeSpec)).toBe(false)
    const file = target('a/x', { objectType: 'file', wanted: { refresh: true, prefetch: false } })
    expect(notWantedOperation(file, 'prefetch', dcdnLikeSpec)).toBe(true)
  })

  it('reports an operation the provider lacks as unsupported only where it was asked for', () => {
    const items = planItems(
      [target('a.mp4'), target('b.mp4', { wanted: { refresh: false, prefetch: true } })],
      vodLikeSpec,
      null
    )
    // b.mp4 was never asked to refresh: no item at all, not even not-wanted noise.
    expect(brief(items)).toEqual([
      'refresh a.mp4 skipped unsupported',
      'prefetch a.mp4 planned',
      'prefetch b.mp4 planned'
    ])
    expect(items[0]?.detail).toBe('Huawei Cloud VOD cannot refresh')
  })

  it('plans object types the provider takes and skips the others as unsupported', () => {
    const asset = target('', {
      url: 'f488337c31c8e4622f1590735b134c65',
      host: '',
      objectType: 'asset',
      wanted: { refresh: false, prefetch: true }
    })
    const vodAssets = {
      ...vodLikeSpec,
      prefetch: { perRequest: 10, objectTypes: { asset: { perRequest: 1 } } }
    }
    expect(brief(planItems([asset], vodAssets, null))).toEqual([
      'prefetch f488337c31c8e4622f1590735b134c65 planned'
    ])
    const [dcdn] = planItems([asset], dcdnLikeSpec, null).filter(i => i.operation === 'prefetch')
    expect(dcdn).toMatchObject({ status: 'skipped', reason: 'unsupported', objectType: 'asset' })
    expect(dcdn?.detail).toBe('Alibaba Cloud DCDN cannot prefetch media assets')
  })

  it('counts directory refreshes against their own daily quota', () => {
    const dir = (name: string) =>
      target(`${name}/`, { objectType: 'directory', wanted: { refresh: true, prefetch: false } })
    const spec = {
      ...dcdnLikeSpec,
      refresh: { ...dcdnLikeSpec.refresh!, objectTypes: { directory: { perRequest: 100 } } }
    }
    const items = planItems([dir('a'), dir('b'), target('c.html')], spec, {
      remaining: { refresh: 5, prefetch: 5 },
      remainingByType: { directory: 1 },
      details: {}
    }).filter(i => i.operation === 'refresh')
    expect(brief(items)).toEqual([
      'refresh a/ planned',
      'refresh b/ skipped quota',
      'refresh c.html planned'
    ])
    expect(items[1]?.detail).toBe('needs 2 refresh directories, 1 left today')
    // A provider that cannot refresh directories says so.
    const [unsupported] = planItems([dir('a')], dcdnLikeSpec, null)
    expect(unsupported).toMatchObject({ status: 'skipped', reason: 'unsupported' })
    expect(unsupported?.detail).toBe('Alibaba Cloud DCDN cannot refresh directories')
  })

  it('says that a file is refreshed through its directory, not that no rule refreshes it', () => {
    const file = target('a/1.html', {
      wanted: { refresh: false, prefetch: true },
      refreshedAs: 'directory'
    })
    expect(brief(planItems([file], dcdnLikeSpec, null))).toEqual(['prefetch a/1.html planned'])
    expect(notWantedOperation(file, 'refresh', dcdnLikeSpec)).toBe(true)
    expect(notWantedDetail(file, 'refresh')).toBe('the rule refreshes its directory instead')
    expect(notWantedDetail({ ...file, refreshedAs: 'ignore-params' }, 'refresh')).toBe(
      'the rule refreshes it ignoring the query instead'
    )
  })

  it('skips URLs longer than the provider accepts; the limit itself is fine', () => {
    const base = 'https://cdn.example.com/'
    const exact = target('', { url: base + 'a'.repeat(1024 - base.length) })
    const over = target('', { url: base + 'a'.repeat(1025 - base.length) })
    const items = planItems([exact, over], dcdnLikeSpec, null)
    expect(items.map(i => i.status)).toEqual(['planned', 'skipped', 'planned', 'skipped'])
    expect(items[1]).toMatchObject({ reason: 'url-too-long' })
    expect(items[1]?.detail).toBe(
      'URL is 1,025 characters; Alibaba Cloud DCDN accepts at most 1,024'
    )
  })

  it('applies a prefetch size range only when the size is known, bounds included', () => {
    const sizes = [199_999_999, 200_000_000, 5_000_000_000, 5_000_000_001, undefined]
    const targets = sizes.map((size, i) => target(`f${i}.bin`, { size }))
    const prefetch = planItems(targets, gcoreLikeSpec, null).filter(i => i.operation === 'prefetch')
    expect(prefetch.map(i => i.reason ?? i.status)).toEqual([
      'size',
      'planned',
      'planned',
      'size',
      'planned'
    ])
    expect(prefetch[0]?.detail).toBe(
      'file is 199,999,999 bytes; Gcore CDN prefetches only files of 200,000,000 to 5,000,000,000 bytes'
    )
    // Refresh has no size range.
    const refresh = planItems(targets, gcoreLikeSpec, null).filter(i => i.operation === 'refresh')
    expect(refresh.every(i => i.status === 'planned')).toBe(true)
  })

  it('skips what the live quota cannot cover, earlier rules and direct inputs first', () => {
    const targets = [
      target('r2-a', { rule: 2 }),
      target('r0-a', { rule: 0 }),
      target('direct', { rule: -1 }),
      target('r0-b', { rule: 0 }),
      target('r1-a', { rule: 1 })
    ]
    const items = planItems(targets, dcdnLikeSpec, quota({ refresh: 3, prefetch: 10 }))
    const refresh = items.filter(i => i.operation === 'refresh')
    // Output keeps target order; the quota walk went direct, r0-a, r0-b, then ran out.
    expect(refresh.map(i => `${i.url.slice(24)}:${i.status}`)).toEqual([
      'r2-a:skipped',
      'r0-a:planned',
      'direct:planned',
      'r0-b:planned',
      'r1-a:skipped'
    ])
    expect(refresh[0]).toMatchObject({
      reason: 'quota',
      detail: 'needs 5 refresh URLs, 3 left today'
    })
    expect(items.filter(i => i.operation === 'prefetch').every(i => i.status === 'planned')).toBe(
      true
    )
  })

  it('counts against the quota only the items still to be submitted', () => {
    const base = 'https://cdn.example.com/'
    const targets = [
      target('too-long', { url: base + 'x'.repeat(2000) }),
      target('unwanted', { wanted: { refresh: false, prefetch: true } }),
      target('a'),
      target('b')
    ]
    const refresh = planItems(targets, dcdnLikeSpec, quota({ refresh: 2 })).filter(
      i => i.operation === 'refresh'
    )
    expect(refresh.map(i => i.reason ?? i.status)).toEqual(['url-too-long', 'planned', 'planned'])
  })

  it('uses formatted counts in the quota detail', () => {
    const targets = Array.from({ length: 1250 }, (_, i) => target(`f${i}`))
    const items = planItems(targets, dcdnLikeSpec, quota({ refresh: 1000 }))
    const skipped = items.filter(i => i.operation === 'refresh' && i.reason === 'quota')
    expect(skipped).toHaveLength(250)
    expect(skipped[0]?.detail).toBe('needs 1,250 refresh URLs, 1,000 left today')
  })

  it('falls back to the daily limit when the provider has no quota API', () => {
    const targets = Array.from({ length: 1250 }, (_, i) => target(`v${i}.mp4`))
    const prefetch = planItems(targets, vodLikeSpec, null).filter(i => i.operation === 'prefetch')
    expect(prefetch.filter(i => i.status === 'planned')).toHaveLength(1000)
    expect(prefetch.slice(1000).every(i => i.reason === 'quota')).toBe(true)
    expect(prefetch[1000]?.detail).toBe(
      'needs 1,250 prefetch URLs, the daily limit is 1,000 (remaining quota unknown)'
    )
  })

  it('prefers the live quota to the daily limit, and uses the daily limit where the quota says nothing', () => {
    const spec: ProviderSpec = {
      ...dcdnLikeSpec,
      refresh: { perRequest: 1000, perDay: 1 },
      prefetch: { perRequest: 100, perDay: 1 }
    }
    const items = planItems([target('a'), target('b'), target('c')], spec, quota({ refresh: 2 }))
    expect(brief(items)).toEqual([
      'refresh a planned',
      'refresh b planned',
      'refresh c skipped quota',
      'prefetch a planned',
      'prefetch b skipped quota',
      'prefetch c skipped quota'
    ])
  })

  it('treats no quota and no daily limit as unlimited, and zero or negative quota as nothing left', () => {
    const targets = [target('a'), target('b')]
    expect(planItems(targets, dcdnLikeSpec, quota({})).every(i => i.status === 'planned')).toBe(
      true
    )
    const none = planItems(targets, dcdnLikeSpec, quota({ refresh: 0, prefetch: -5 }))
    expect(none.every(i => i.reason === 'quota')).toBe(true)
    expect(none[2]?.detail).toBe('needs 2 prefetch URLs, 0 left today')
  })

  it('leaves operations the rules do not ask for out of the plan and out of the quota', () => {
    const targets = [target('a', { wanted: { refresh: true, prefetch: false } }), target('b')]
    const items = planItems(targets, dcdnLikeSpec, quota({ refresh: 1, prefetch: 1 }))
    expect(brief(items)).toEqual([
      'refresh a planned',
      'refresh b skipped quota',
      'prefetch b planned'
    ])
  })

  it('leaves its inputs untouched', () => {
    const targets = [target('a')]
    const copy = structuredClone(targets)
    planItems(targets, dcdnLikeSpec, quota({ refresh: 0 }))
    expect(targets).toEqual(copy)
  })
})
