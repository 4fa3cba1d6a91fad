import type { Change, ChangeKind, Operation, Target, TargetSet } from './model.js'
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
 * Maps changed files through every rule whose globs match them, then adds the direct URLs. One
 * Target per URL: sources unioned, `wanted` OR-ed, `rule` and `kind` from the first producer.
 * Targets come in rule order, then change order, direct URLs last: the plan relies on it.
 */
export function mapTargets(
  changes: readonly Change[],
  rules: readonly CompiledRule[],
  direct: DirectUrls = { refresh: [], prefetch: [] }
): TargetSet {
  const merged = new Map<string, Target>()
  // Sources are searched directly while short; a URL with many sources gets a Set.
  const manySources = new Map<string, Set<string>>()
  const add = (
    url: string,
    host: string,
    rule: number,
    kind: ChangeKind,
    wanted: Readonly<Record<Operation, boolean>>,
    source?: string
  ): void => {
    let target = merged.get(url)
    if (!target) {
      target = { url, host, sources: [], kind, rule, wanted: { ...wanted } }
      merged.set(url, target)
    } else {
      target.wanted.refresh ||= wanted.refresh
      target.wanted.prefetch ||= wanted.prefetch
    }
    if (source === undefined) return
    const seen = manySources.get(url)
    if (seen ? seen.has(source) : target.sources.includes(source)) return
    target.sources.push(source)
    if (seen) seen.add(source)
    else if (target.sources.length > 8) manySources.set(url, new Set(target.sources))
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
      for (const url of ruleUrls(rule, change.path)) {
        add(url, rule.template.host, rule.index, change.kind, wanted, change.path)
        if (!mapped.includes(url)) mapped.push(url)
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
