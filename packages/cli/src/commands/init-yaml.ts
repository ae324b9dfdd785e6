/** What `gatehouse init` writes: a public gatehouse.yaml for `domain` with ACME. */
export interface InitAnswers {
  readonly domain: string;
  readonly email: string;
  readonly sshPort: number;
  readonly dataDir: string;
}

/**
 * The config text. Tunnels are one label under the domain (`mcp--brave-otter-123.example.com`),
 * so the same `*.<domain>` DNS record covers them and the sign-in host.
 */
export function initYaml(a: InitAnswers): string {
  return `# Written by \`gatehouse init --domain ${a.domain}\`. Reference: docs/production.md
# Start it with: gatehouse serve --config gatehouse.yaml

# HTTPS for every host, with certificates from Let's Encrypt (tls.acme below).
listen: 0.0.0.0:443
# Plain HTTP: answers Let's Encrypt's http-01 checks and redirects everything else to https.
http_listen: 0.0.0.0:80

# Sign-in, the account page and the OAuth server for MCP clients.
authenticate_service_url: https://auth.${a.domain}

# Each developer's tunnels: ssh -R 0 ${a.domain}${a.sshPort === 22 ? '' : ` -p ${String(a.sshPort)}`}
tunnel_url: https://{route}--{namespace}.${a.domain}
ssh:
  listen: 0.0.0.0:${String(a.sshPort)}

# Accounts, sessions, keys and certificates (relative to this file).
data_dir: ${a.dataDir}

tls:
  acme:
    email: ${a.email}
    # A certificate for each tunnel host at its first visit (only for live tunnels).
    tunnels: on_demand

# Your own apps behind sign-in, e.g.:
# routes:
#   - from: https://app.${a.domain}
#     to: http://127.0.0.1:8080
#     allowed_domains: [${a.email.slice(a.email.indexOf('@') + 1)}]
`;
}

/** The DNS records and next steps `init` prints. */
export function initNextSteps(a: InitAnswers, file: string): string {
  const sshTarget = a.sshPort === 22 ? a.domain : `-p ${String(a.sshPort)} ${a.domain}`;
  const pad = (name: string) => name.padEnd(a.domain.length + 4);
  return `Wrote ${file}.

Next:
  1. Create two DNS records at your DNS provider (this server's public IPv4 address; add the
     same two as AAAA records for IPv6):
       ${pad(`${a.domain}.`)} A   <this server's IP>
       ${pad(`*.${a.domain}.`)} A   <this server's IP>
  2. Open TCP ports 80, 443 and ${String(a.sshPort)} in the firewall.
  3. Start Gatehouse (ports below 1024 need root or CAP_NET_BIND_SERVICE):
       gatehouse serve --config ${file}
     It prints a one-time link that creates the first admin account.
  4. From your laptop, publish a local server on port 8080:
       ssh -R 0 ${sshTarget}
  5. Check the public setup:
       gatehouse doctor https://auth.${a.domain}
`;
}
