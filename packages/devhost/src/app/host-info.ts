import packageJson from '../../package.json' with { type: 'json' };

/** `hostInfo` in ui/initialize and the MCP clientInfo. */
export const HOST_INFO = { name: 'Gatehouse dev host', version: packageJson.version } as const;
