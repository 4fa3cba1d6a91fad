import * as core from '@actions/core'
import { run } from './main.js'
import { systemClock } from './submit/clock.js'

await run({
  getInput: name => core.getInput(name),
  env: process.env,
  setSecret: core.setSecret,
  setOutput: core.setOutput,
  writeSummary: async markdown => {
    await core.summary.addRaw(markdown, true).write()
  },
  setFailed: core.setFailed,
  warning: message => core.warning(message),
  error: message => core.error(message),
  group: (title, lines) => {
    core.startGroup(title)
    for (const line of lines) core.info(line)
    core.endGroup()
  },
  logger: { debug: core.debug, info: core.info, warning: message => core.warning(message) },
  clock: systemClock,
  random: Math.random
})
