/** `ssh -p 2222 <host> help` (or `-- --help`: ssh reads options after the host). Keep in step with README.md. */
export const HELP = `Gatehouse SSH tunnel

  ssh -R 0 -p 2222 <host>                 serve localhost:8080 at your route "mcp"
  ssh -R echo:0 -p 2222 <host>            serve the route "echo" instead
  ssh -R 0 -p 2222 <host> -- --to 3000    connect to localhost:3000 (or --to host:port)
  ssh -R 80:localhost:3000 -p 2222 <host> your ssh client dials localhost:3000 itself

Commands (ssh -p 2222 <host> <command>; put -- before a command that starts with -):
  whoami                          who this key is signed in as
  logout                          forget this key; the next ssh asks you to sign in again
  tunnels                         your live tunnels
  share add <email> [--route r]   let <email> use your route (default: mcp)
  share remove <email> [--route r]
  share list
  status --json                   this session as JSON
  inspect [--route r] [--follow] [--json]
                                  MCP calls to your routes (JSON lines with --json)
  --to <port|host:port>           set the local address, then stay connected
  help, -- --help                 this text`;
