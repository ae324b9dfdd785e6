/** What the token precheck reads of a stored authorization code (oidc-provider's model). */
export interface CodeView {
  readonly clientId?: string;
  readonly consumed?: unknown;
  readonly isExpired: boolean;
  readonly resourceIndicators?: ReadonlySet<string | undefined>;
}

export type FindCode = (code: string) => Promise<CodeView | undefined>;

/**
 * Why an authorization-code exchange must be refused with `invalid_target`, decided before the
 * provider consumes the code (issue 13, defect 2). oidc-provider checks `resource` against the
 * code only after consuming it, so an honest client that named the wrong MCP server lost its
 * code, and its correct retry read as a replay that revoked the whole grant (RFC 6749 §4.1.2).
 * Mirrors the provider's rule (RFC 8707 §2.2: the resource must be one the grant covers, one
 * at a time). Codes that are unknown, expired, already used or another client's are left to
 * the provider, so a real replay is still detected and revokes the grant.
 */
export async function codeTargetProblem(
  form: URLSearchParams,
  findCode: FindCode,
  isKnownResource: (resource: string) => Promise<boolean>,
): Promise<string | undefined> {
  const values = form.getAll('code');
  if (form.get('grant_type') !== 'authorization_code' || values.length !== 1) return undefined;
  const code = await findCode(values[0] ?? '');
  const clientId = form.get('client_id');
  if (
    code === undefined ||
    code.consumed !== undefined ||
    code.isExpired ||
    (clientId !== null && code.clientId !== clientId)
  )
    return undefined;
  const granted = [...(code.resourceIndicators ?? [])].filter((r) => r !== undefined);
  const requested = form.getAll('resource');
  if (requested.length > 1) return 'request one resource at a time';
  const [wanted] = requested;
  if (wanted !== undefined) {
    return granted.includes(wanted)
      ? undefined
      : 'resource is not the MCP server this code was issued for';
  }
  if (granted.length > 1) return 'resource is required: this code covers several MCP servers';
  const [only] = granted;
  if (only !== undefined && !(await isKnownResource(only)))
    return 'the MCP server this code was issued for is no longer configured';
  return undefined;
}
