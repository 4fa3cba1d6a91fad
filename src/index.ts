// The runner's side of the action: @actions/core's own command modules, wired to the pipeline.
//
// These are the modules behind core.getInput / setOutput / setSecret / warning / error / groups
// and core.summary, imported by path because @actions/core exports only its index, and its index
// also loads the OIDC client (@actions/http-client, undici) and @actions/exec: about 60 ms of
// start-up on Node 24, more than the rest of the run takes for a no-op push, for features this
// action never uses. The wrappers below are core.js's own one-liners (same commands, same files),
// but for setOutput, which writes one-line values without core's file-command module (see
// output-line.ts: that module loads node:crypto).
import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'
import { issue, issueCommand } from '../node_modules/@actions/core/lib/command.js'
import { summary } from '../node_modules/@actions/core/lib/summary.js'
import { toCommandValue } from '../node_modules/@actions/core/lib/utils.js'
import { processMemory, run } from './main.js'
import { outputFileEntry } from './output-line.js'
import { systemClock } from './submit/clock.js'
import { logLine, logLines } from './workflow-text.js'

/** core.getInput: INPUT_<NAME>, spaces as underscores, trimmed. */
function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/**
 * core.setOutput: the GITHUB_OUTPUT file (see outputFileEntry), or the deprecated set-output
 * command without one.
 */
function setOutput(name: string, value: string): void {
  const file = process.env['GITHUB_OUTPUT']
  if (file) {
    // As core's issueFileCommand.
    if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
    appendFileSync(file, outputFileEntry(name, value) + EOL, { encoding: 'utf8' })
    return
  }
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}

// Every line reaches the runner, which parses commands in it, through logLine: whatever a file name
// or a provider's text holds, it cannot start a line, and so cannot inject `::add-mask::` or
// `::error::`. (issueCommand escapes line breaks in its data; the others go out raw.)
const info = (message: string): void => void process.stdout.write(logLine(message) + EOL)
const debug = (message: string): void => issueCommand('debug', {}, logLines(message))
const warning = (message: string): void => issueCommand('warning', {}, logLine(message))
const error = (message: string): void => issueCommand('error', {}, logLine(message))

await run({
  getInput,
  env: process.env,
  setSecret: secret => issueCommand('add-mask', {}, secret),
  setOutput,
  writeSummary: async markdown => {
    await summary.addRaw(markdown, true).write()
  },
  setFailed: message => {
    process.exitCode = 1
    error(message)
  },
  warning,
  error,
  group: (title, lines) => {
    issue('group', logLine(title))
    for (const line of lines) info(line)
    issue('endgroup')
  },
  logger: { debug, info, warning },
  clock: systemClock,
  random: Math.random,
  memory: processMemory
})
