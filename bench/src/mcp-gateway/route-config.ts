// The gateway side of the mcp-gateway benchmark: one MCP route in front of the template, with a
// policy of ten criteria that all allow the benchmark's echo call, so every request pays for
// the whole policy (the `and` is all true and the `or` all false: no criterion is skipped).

export const MCP_ROUTE_NAME = 'mcp';
/** How many criteria the route's policy holds (the issue asks for a 10-rule policy). */
export const POLICY_CRITERIA = 10;

/**
 * `routes:` entries for `startGatewayProcess` (`{{port}}` = the edge port), followed by the
 * top-level `oauth:` block that makes the access token outlive the whole benchmark.
 */
export function mcpRouteYaml(
  templateOrigin: string,
  allowedEmail: string,
  tokenTtlSeconds: number,
): string {
  return `  - from: http://${MCP_ROUTE_NAME}.localhost:{{port}}
    to: ${templateOrigin}
    mcp: { server: {} }
    policy:
      allow:
        and:
          - email: { in: [${allowedEmail}, ada@example.com, grace@example.com] }
          - domain: { is: example.com }
          - day_of_week: [mon, tue, wed, thu, fri, sat, sun]
          - date: { after: '2020-01-01' }
      deny:
        or:
          - mcp_tool: { is: delete_all }
          - mcp_tool: { starts_with: admin_ }
          - mcp_tool: { in: [shell, exec, drop_table] }
          - mcp_method: { in: [prompts/get, completion/complete] }
          - groups: { has: contractors }
          - source_ip: 203.0.113.0/24
oauth:
  access_token_ttl: ${tokenTtlSeconds}s
`;
}
