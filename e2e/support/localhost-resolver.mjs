// Preload (`node --import`) for Node programs in the tests: browsers and curl resolve every
// `*.localhost` name to loopback (RFC 6761 §6.3), Node's resolver does not. Test-only.
import dns from 'node:dns';

const lookup = dns.lookup;
dns.lookup = function lookupLocalhost(hostname, options, callback) {
  const name =
    typeof hostname === 'string' && hostname.endsWith('.localhost') ? '127.0.0.1' : hostname;
  return lookup.call(this, name, options, callback);
};
