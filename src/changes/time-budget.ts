/** Whole milliseconds left before `deadline` (epoch ms), at most 0; undefined without a deadline. */
export function timeLeft(deadline: number | undefined): number | undefined {
  return deadline === undefined ? undefined : Math.max(Math.ceil(deadline - Date.now()), 0)
}

/** Why `what` (a command or request) was stopped, or never started, by the run's time budget. */
export function budgetMessage(what: string, budgetMs: number): string {
  return budgetMs > 0
    ? `${what} took longer than the ${(budgetMs / 1000).toFixed(1)} s left of the time budget ` +
        'set by the `timeout` input, so it was stopped.'
    : `${what} was not started: the time budget set by the \`timeout\` input is used up.`
}
