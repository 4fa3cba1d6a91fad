// One output as a line of the runner's GITHUB_OUTPUT file.
//
// core.setOutput always writes the heredoc form (`name<<ghadelimiter_<uuid>`), and the module that
// does loads node:crypto for the UUID: about 10 ms of every run's start on Node 24, for values that
// are all one line here (outputToken keeps task IDs, counts, JSON and the report path on one
// line). A one-line value is written `name=value`, the form GitHub documents for GITHUB_OUTPUT:
// the runner (FileCommandManager, EnvFileKeyValuePairs) reads a line as NAME=VALUE when its first
// `=` comes before any `<<`, and takes everything after that `=` as the value. Anything else keeps
// core's heredoc form, with the same checks.
import { EOL } from 'node:os'

export function outputFileEntry(name: string, value: string): string {
  if (!/[\r\n]/.test(name + value) && !name.includes('=') && !name.includes('<<')) {
    return `${name}=${value}`
  }
  const { randomUUID } = process.getBuiltinModule('node:crypto')
  const delimiter = `ghadelimiter_${randomUUID()}`
  // As @actions/core: a name or value holding the delimiter would end the value early.
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  }
  if (value.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`
}
