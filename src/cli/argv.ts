/**
 * An expression may start with a minus sign (`kramers analyze "-cos(x) - 0.5*x"`), which a
 * generic option parser reads as an unknown option. Before parsing, a token that starts with '-'
 * but is not one of our options (and is not the value of the option before it) is rewritten to
 * `--expr=TOKEN`. Our only short options are -h and -V, so `-x^2` is an expression, not a flag.
 */
export function expressionTokensToOption(
  args: readonly string[],
  optionsTakingValues: ReadonlySet<string>,
  knownOptions: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  let afterDoubleDash = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const previous = args[i - 1];
    const isValueOfPrevious =
      previous !== undefined && optionsTakingValues.has(previous) && !afterDoubleDash;
    if (token === '--') afterDoubleDash = true;
    if (
      !afterDoubleDash &&
      !isValueOfPrevious &&
      token.startsWith('-') &&
      token !== '-' &&
      token !== '--' &&
      !knownOptions.has(token.split('=')[0]!)
    ) {
      const looksLikeLongOption = /^--[A-Za-z][\w-]*(=.*)?$/.test(token);
      if (!looksLikeLongOption) {
        out.push(`--expr=${token}`);
        continue;
      }
    }
    out.push(token);
  }
  return out;
}
