import { describe, expect, it } from 'vitest';
import { ConfigError, configFromText } from '../../src/config/index.ts';

describe('the cluster section', () => {
  it('is off unless set, and resolves the internal listener, advertise URL and secret file', () => {
    expect(configFromText('listen: 127.0.0.1:8787\n', '/srv/gh/g.yaml').cluster).toBeUndefined();
    const config = configFromText(
      'cluster:\n  internal_listen: 10.0.0.5:7443\n  advertise_url: http://10.0.0.5:7443\n  secret_file: keys/cluster\n',
      '/srv/gh/g.yaml',
    );
    expect(config.cluster).toEqual({
      internalListen: { host: '10.0.0.5', port: 7443 },
      advertiseUrl: 'http://10.0.0.5:7443',
      secretFile: '/srv/gh/keys/cluster',
    });
    // Signed, not encrypted: say so when the hop leaves this machine.
    expect(config.warnings.join('\n')).toContain('cluster.internal_listen 10.0.0.5:7443');
  });

  it('defaults to a loopback internal listener on any free port, without a warning', () => {
    const config = configFromText('cluster: {}\n', '/srv/gh/g.yaml');
    expect(config.cluster?.internalListen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(config.warnings.join('\n')).not.toContain('cluster');
  });

  it('names the key of a misspelt or invalid setting', () => {
    expect(() => configFromText('cluster: { internal_lsten: 7443 }\n', '/srv/gh/g.yaml')).toThrow(
      ConfigError,
    );
    expect(() => configFromText('cluster: { internal_lsten: 7443 }\n', '/srv/gh/g.yaml')).toThrow(
      /cluster: unknown key "internal_lsten" \(did you mean "internal_listen"\?\)/,
    );
    expect(() => configFromText('cluster: { advertise_url: nope }\n', '/srv/gh/g.yaml')).toThrow(
      /cluster\.advertise_url/,
    );
  });
});
