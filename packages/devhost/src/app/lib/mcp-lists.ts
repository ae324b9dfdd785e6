import type { Client, Resource, Tool } from '@modelcontextprotocol/client';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every page of tools/list. */
export async function listAllTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

/** resources/list when the server has resources; an empty list when it fails. */
export async function listResourcesIfAny(client: Client): Promise<Resource[]> {
  if (client.getServerCapabilities()?.resources === undefined) return [];
  try {
    return (await client.listResources()).resources;
  } catch {
    return []; // UI resources may be unlisted (SEP-1865); resources/read still works.
  }
}
