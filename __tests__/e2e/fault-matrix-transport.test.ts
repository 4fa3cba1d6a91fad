// The fault matrix (issue 10), the transport: resets, replies lost or late after the provider
// accepted, a provider that never answers, for every provider in emulators/registry.ts.
import { describeMatrix, MATRIX_GROUPS } from '../helpers/fault-matrix.js'
import { useE2e } from '../helpers/e2e.js'

describeMatrix(useE2e(), MATRIX_GROUPS.transport)
