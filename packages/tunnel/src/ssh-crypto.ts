import { createRequire } from 'node:module';

/** Which implementation encrypts SSH packets in this process. */
export type SshCrypto = 'native' | 'javascript';

/**
 * ssh2 encrypts with its optional native binding (`sshcrypto.node`, built by ssh2's install
 * script where a C++ compiler exists; root package.json `allowScripts`) and silently falls back
 * to JavaScript when the build failed. The fallback runs AES-GCM through node:crypto with a new
 * cipher object per packet, which costs the tunnel much of its throughput (docs/adr/0011), so
 * the server says at startup which one runs. ssh2 exposes this as `bindingAvailable`.
 */
export function sshCrypto(): SshCrypto {
  const require = createRequire(import.meta.url);
  const crypto = require('ssh2/lib/protocol/crypto.js') as { readonly bindingAvailable?: unknown };
  return crypto.bindingAvailable === true ? 'native' : 'javascript';
}

/** The startup log line's message for `crypto`, with the fix when the fallback runs. */
export function sshCryptoMessage(crypto: SshCrypto): string {
  return crypto === 'native'
    ? 'ssh crypto: native (ssh2 binding sshcrypto.node, OpenSSL)'
    : 'ssh crypto: JavaScript fallback (ssh2 binding not built; the tunnel is slower): ' +
        'install a C++ compiler, make and python3, then run `npm rebuild ssh2`';
}
