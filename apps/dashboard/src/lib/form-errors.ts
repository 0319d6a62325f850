/**
 * A zod check's issues by path (`brokers.0`, `verification.secret`; `''` for the whole input), the
 * first message of each: the shape `ApiError.fieldErrors()` gives the API's, so a form shows both alike.
 */
export function issuesByPath(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join('.')] ??= i.message;
  return out;
}
