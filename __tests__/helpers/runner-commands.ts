// What the GitHub runner would take as a workflow command in a process's output, modelled on
// actions/runner's ActionCommand.cs, and stricter than it: any name counts, and the ignorable code
// points that .NET's culture-sensitive StartsWith/IndexOf skip are removed before looking.

/** Lines as the runner reads them (StreamReader.ReadLine splits at \r\n, \r and \n). */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

// Format characters, combining marks and controls: what ICU comparisons may ignore.
const IGNORABLE = /[\p{Cf}\p{Mn}\p{Me}\p{Cc}]/gu
// .NET TrimStart(): char.IsWhiteSpace, which also holds U+0085.
const LEADING_SPACE = /^[\s\u0085]+/u

/** The lines of `text` the runner could parse as a command (`::x::` or `##[x]`), as found. */
export function commandLines(text: string): string[] {
  return runnerLines(text).filter(line => {
    const bare = line.replace(LEADING_SPACE, '').replace(IGNORABLE, '').replace(LEADING_SPACE, '')
    return bare.startsWith('::') || line.replace(IGNORABLE, '').includes('##[')
  })
}
