import { describe, expect, it } from '@jest/globals'
import { describeFailure } from '../src/run-failure.js'
import { InputError } from '../src/input-error.js'
import { ChangeDetectionError, GitHubApiError } from '../src/changes/errors.js'
import { ProviderError } from '../src/providers/provider.js'

describe('describeFailure', () => {
  it('keeps expected conditions apart from unexpected errors', () => {
    expect(describeFailure(new InputError('timeout', "'x' is not a whole number."))).toEqual({
      type: 'input',
      message: "Input 'timeout': 'x' is not a whole number."
    })
    const fetch = new ChangeDetectionError('git-fetch', 'The base commit abc could not be fetched.')
    expect(describeFailure(fetch)).toEqual({
      type: 'change-detection',
      message: 'The base commit abc could not be fetched.'
    })
    const api = new GitHubApiError('github-api', 'could not reach the GitHub API (ENOTFOUND)', {
      network: 'ENOTFOUND'
    })
    expect(describeFailure(api).type).toBe('change-detection')
    expect(describeFailure(api).message).not.toMatch(/Unexpected|HTTP 500/)
  })

  it('names provider errors by code and class', () => {
    const auth = new ProviderError({ code: 'APIGW.0301', message: 'check it', errorClass: 'auth' })
    expect(describeFailure(auth)).toEqual({ type: 'auth', message: 'APIGW.0301: check it' })
    const other = new ProviderError({ code: 'X', message: 'y', errorClass: 'permanent' })
    expect(describeFailure(other).type).toBe('provider')
  })

  it('calls only what nothing anticipated unexpected', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toEqual({
      type: 'unexpected',
      message: 'Unexpected error: x is undefined'
    })
    expect(describeFailure('boom').message).toBe('Unexpected error: boom')
  })
})
