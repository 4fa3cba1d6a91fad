// The fault matrix (issue 10), provider answers: throttling, 5xx, broken 200 bodies, quota and
// credentials refused mid-run, for every provider in emulators/registry.ts.
import { describeMatrix, MATRIX_GROUPS } from '../helpers/fault-matrix.js'
import { useE2e } from '../helpers/e2e.js'

describeMatrix(useE2e(), MATRIX_GROUPS.answers)
