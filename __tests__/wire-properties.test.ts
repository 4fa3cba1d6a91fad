// Property-based tests (issue 10) of every provider's wire form: URLs mapped from arbitrary file
// names go through each registered provider's real client (form and query lists for DCDN and Edge
// Routine, JSON for ESA and VOD, paths for Gcore) to its emulator, which decodes them as the
// provider would and must accept exactly the URLs sent, none split, merged or altered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { runnerInputEnv } from '../emulators/github-runner.js'
import { EMULATOR_REGISTRY, type RunningEmulator } from '../emulators/registry.js'
import { parseRules } from '../src/rules.js'
import { mapTargets } from '../src/targets.js'
import { loadProvider } from '../src/providers/registry.js'
import type { ProviderClient } from '../src/providers/provider.js'
import { FC_OPTIONS, isWellFormed, pathArb } from './helpers/file-names.js'

const quiet = { debug: () => {}, info: () => {}, warning: () => {} }

describe.each(EMULATOR_REGISTRY.map(reg => ({ reg, provider: reg.provider })))(
  '$provider wire form',
  ({ reg }) => {
    let emu: RunningEmulator
    let client: ProviderClient
    const rules = parseRules(`- files: public/**\n  url: https://${reg.host}/\n`)

    beforeAll(async () => {
      emu = await reg.start()
      // The inputs as the runner passes them (action.yml defaults applied), read as main.ts does.
      const env = await runnerInputEnv({ ...emu.inputs, ...reg.extraInputs }, '')
      const read = (name: string) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim()
      const module = await loadProvider(reg.provider)
      const created = module
        .configure(read, {}, true)
        .createClient({ requestTimeoutMs: 10_000, logger: quiet })
      if (!created) throw new Error(`${reg.provider}: no client`)
      client = created
    })
    afterAll(() => emu.close())

    for (const operation of reg.operations) {
      it(`${operation}: the emulator accepts exactly the URLs sent`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(pathArb.filter(isWellFormed), { minLength: 1, maxLength: 5 }),
            async paths => {
              const changes = paths.map(segments => ({
                path: ['public', ...segments].join('/'),
                kind: 'modified' as const
              }))
              const urls = [...new Set(mapTargets(changes, rules).targets.map(t => t.url))]
              const before = emu.accepted().length
              await client.submit(operation, urls, 'file')
              const accepted = emu.accepted().slice(before)
              expect(accepted.map(a => a.operation)).toEqual(accepted.map(() => operation))
              expect(accepted.flatMap(a => a.urls).sort()).toEqual([...urls].sort())
            }
          ),
          // Each run is a request to the emulator: fewer runs than the pure properties.
          { ...FC_OPTIONS, numRuns: 40 }
        )
      })
    }
  }
)
