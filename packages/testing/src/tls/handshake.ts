import { connect, type PeerCertificate } from 'node:tls';

export interface Handshake {
  readonly ok: boolean;
  readonly subjectAltName: string | undefined;
  readonly authorized: boolean;
  readonly error: string | undefined;
  readonly peer: PeerCertificate | undefined;
}

/**
 * One real TLS handshake to 127.0.0.1:`port` with SNI `servername` (none when undefined);
 * `ca` verifies the chain for that name. Resolves with the outcome, never rejects.
 */
export function handshake(
  port: number,
  servername: string | undefined,
  ca?: string,
): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ...(servername === undefined ? {} : { servername }),
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false,
      ...(ca === undefined ? {} : { ca }),
    });
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      resolve({
        ok: true,
        subjectAltName: peer.subjectaltname,
        authorized: socket.authorized,
        error: socket.authorizationError?.toString(),
        peer,
      });
      socket.end();
    });
    socket.once('error', (error: Error) =>
      resolve({
        ok: false,
        subjectAltName: undefined,
        authorized: false,
        error: error.message,
        peer: undefined,
      }),
    );
  });
}
