// The fault matrix (issue 10), the `timeout`: running out while waiting for pacing or for a retry,
// for every provider in emulators/registry.ts; and the registry covers every provider.
import { describe, expect, it } from '@jest/globals'
import { EMULATOR_REGISTRY } from '../../emulators/registry.js'
import { PROVIDER_NAMES } from '../../src/providers/provider.js'
import { describeMatrix, MATRIX_CASES, MATRIX_GROUPS } from '../helpers/fault-matrix.js'
import { useE2e } from '../helpers/e2e.js'

describe('the emulator registry', () => {
  it('has one emulator for every provider, so every provider is in the matrix', () => {
    expect(EMULATOR_REGISTRY.map(r => r.provider).sort()).toEqual([...PROVIDER_NAMES].sort())
  })

  it('names a write route for every operation a provider does', () => {
    for (const reg of EMULATOR_REGISTRY) {
      expect(reg.operations.length).toBeGreaterThan(0)
      for (const op of reg.operations) expect(reg.writeRoute[op]).toBeTruthy()
    }
  })

  it('runs every case in exactly one of the matrix files', () => {
    const grouped = Object.values(MATRIX_GROUPS).flat()
    expect([...grouped].sort()).toEqual(MATRIX_CASES.map(c => c.name).sort())
  })
})

describeMatrix(useE2e(), MATRIX_GROUPS.time)
