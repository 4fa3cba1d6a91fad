import type { Change, ChangeKind, ObjectType, Operation, Target, TargetSet } from './model.js'
import { ruleMatches, wants, type CompiledRule } from './rules.js'
import { directoryParts, expandUrl, hostOf, normalizeDirectUrls, pathParts } from './url.js'

/** URLs given directly in the `urls` and `prefetch-urls` inputs. */
export interface DirectUrls {
  refresh: readonly string[]
  prefetch: readonly string[]
}

/** The URLs one rule makes for one file: its own, then its directory's when it is an index file. */
export function ruleUrls(rule: CompiledRule, path: string): string[] {
  const parts = pathParts(path, rule.strip)
  const url = expandUrl(rule.template, parts)
  if (!rule.indexNames.has(parts.name)) return [url]
  return [url, expandUrl(rule.template, directoryParts(parts))]
}

/**
 * The URL of the directory a URL names a file in, with the query dropped:
 * `https://h/docs/a/1.html?v=2` → `https://h/docs/a/`. A directory URL stays as it is.
 */
export function directoryUrl(url: string): string {
  const query = url.indexOf('?')
  const path = query < 0 ? url : url.slice(0, query)
  return path.slice(0, path.lastIndexOf('/') + 1)
}

/**
 * Maps changed files through every rule whose globs match them, then adds the direct URLs. One
 * Target per URL: sources unioned, `wanted` OR-ed, `rule` and `kind` from the first producer.
 * Targets come in rule order, then change order, direct URLs last: the plan relies on it.
 */
export function mapTargets(
  changes: readonly Change[],
  rules: readonly CompiledRule[],
  direct: DirectUrls = { refresh: [], prefetch: [] }
): TargetSet {
  // Keyed by object type and URL: a file and a directory refresh of one URL are two targets.
  const merged = new Map<string, Target>()
  // Sources are searched directly while short; a URL with many sources gets a Set.
  const manySources = new Map<string, Set<string>>()
  const add = (
    url: string,
    host: string,
    rule: number,
    kind: ChangeKind,
    wanted: Readonly<Record<Operation, boolean>>,
    source?: string,
    objectType: ObjectType = 'file',
    refreshedAs?: ObjectType
  ): void => {
    const key = objectType === 'file' ? url : `${objectType} ${url}`
    let target = merged.get(key)
    if (!target) {
      target = { url, host, sources: [], kind, rule, wanted: { ...wanted } }
      if (objectType !== 'file') target.objectType = objectType
      if (refreshedAs) target.refreshedAs = refreshedAs
      merged.set(key, target)
    } else {
      target.wanted.refresh ||= wanted.refresh
      target.wanted.prefetch ||= wanted.prefetch
      // A refresh another rule asks for as a file is a file refresh after all.
      if (wanted.refresh) delete target.refreshedAs
    }
    if (source === undefined) return
    const seen = manySources.get(key)
    if (seen ? seen.has(source) : target.sources.includes(source)) return
    target.sources.push(source)
    if (seen) seen.add(source)
    else if (target.sources.length > 8) manySources.set(key, new Set(target.sources))
  }

  const urlsPerChange: string[][] = changes.map(() => [])
  for (const rule of rules) {
    changes.forEach((change, i) => {
      if (!ruleMatches(rule, change.path)) return
      const wanted = {
        refresh: wants(rule, 'refresh', change.kind),
        prefetch: wants(rule, 'prefetch', change.kind)
      }
      const mapped = urlsPerChange[i] ?? []
      const note = (url: string): void => {
        if (!mapped.includes(url)) mapped.push(url)
      }
      const host = rule.template.host
      for (const url of ruleUrls(rule, change.path)) {
        if (rule.refreshType === 'file') {
          add(url, host, rule.index, change.kind, wanted, change.path)
          note(url)
          continue
        }
        // The refresh goes to the directory (or to the URL whatever its query); the file URL
        // stays a target only for a prefetch, or to say how it is refreshed.
        const refreshUrl = rule.refreshType === 'directory' ? directoryUrl(url) : url
        if (wanted.refresh) {
          const only = { refresh: true, prefetch: false }
          add(refreshUrl, host, rule.index, change.kind, only, change.path, rule.refreshType)
          note(refreshUrl)
        }
        if (wanted.prefetch || !wanted.refresh) {
          const fileOnly = { refresh: false, prefetch: wanted.prefetch }
          const via = wanted.refresh ? rule.refreshType : undefined
          add(url, host, rule.index, change.kind, fileOnly, change.path, 'file', via)
          note(url)
        }
      }
    })
  }

  for (const url of normalizeDirectUrls('urls', direct.refresh)) {
    add(url, hostOf(url), -1, 'modified', { refresh: true, prefetch: false })
  }
  for (const url of normalizeDirectUrls('prefetch-urls', direct.prefetch)) {
    add(url, hostOf(url), -1, 'added', { refresh: false, prefetch: true })
  }

  const mapped = changes.map((change, i) => ({
    path: change.path,
    kind: change.kind,
    urls: urlsPerChange[i] ?? []
  }))
  return {
    targets: [...merged.values()],
    unmatched: mapped.filter(m => m.urls.length === 0).map(m => m.path),
    mapped
  }
}
