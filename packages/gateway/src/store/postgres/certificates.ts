import type { CertificateRepository } from '@gatehouse/core';
import { ACME_ACCOUNT_COLUMNS, acmeAccountValues, toAcmeAccount } from '../rows/certificates.ts';
import { CERTIFICATE_COLUMNS, certificateValues, toCertificate } from '../rows/certificates.ts';
import { text } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';

/** ACME accounts, certificates and leases (migration 4). Single statements: atomic across nodes. */
export function createPgCertificateRepository(conn: PostgresConnection): CertificateRepository {
  return {
    getAccount: (directoryUrl) =>
      conn.run('certificates.getAccount', async (db) => {
        const row = (
          await db.query(
            `SELECT ${ACME_ACCOUNT_COLUMNS} FROM acme_accounts WHERE directory_url = $1`,
            [directoryUrl],
          )
        ).rows[0];
        return row === undefined ? undefined : toAcmeAccount(row);
      }),
    // Insert-or-nothing, then read: the first writer's key is what every node gets back.
    putAccountIfAbsent: (a) =>
      conn.run('certificates.putAccountIfAbsent', async (db) => {
        await db.query(
          `INSERT INTO acme_accounts (${ACME_ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4)
           ON CONFLICT (directory_url) DO NOTHING`,
          acmeAccountValues(a),
        );
        const { rows } = await db.query(
          `SELECT ${ACME_ACCOUNT_COLUMNS} FROM acme_accounts WHERE directory_url = $1`,
          [a.directoryUrl],
        );
        return toAcmeAccount(rows[0] ?? {});
      }),
    setAccountUrl: (directoryUrl, accountUrl) =>
      conn.run('certificates.setAccountUrl', async (db) => {
        await db.query('UPDATE acme_accounts SET account_url = $1 WHERE directory_url = $2', [
          accountUrl,
          directoryUrl,
        ]);
      }),
    get: (name) =>
      conn.run('certificates.get', async (db) => {
        const row = (
          await db.query(`SELECT ${CERTIFICATE_COLUMNS} FROM tls_certificates WHERE name = $1`, [
            name,
          ])
        ).rows[0];
        return row === undefined ? undefined : toCertificate(row);
      }),
    put: (c) =>
      conn.run('certificates.put', async (db) => {
        await db.query(
          `INSERT INTO tls_certificates (${CERTIFICATE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (name) DO UPDATE SET directory_url = excluded.directory_url,
             cert_pem = excluded.cert_pem, key_pem = excluded.key_pem,
             not_before = excluded.not_before, not_after = excluded.not_after,
             updated_at = excluded.updated_at`,
          certificateValues(c),
        );
      }),
    list: () =>
      conn.run('certificates.list', async (db) =>
        (
          await db.query(
            `SELECT ${CERTIFICATE_COLUMNS} FROM tls_certificates ORDER BY name COLLATE "C"`,
          )
        ).rows.map(toCertificate),
      ),
    // One statement: of two nodes racing for a free lease, the row lock lets one win; the
    // loser's DO UPDATE re-checks its WHERE on the winner's row and returns nothing.
    acquireLease: (name, holder, now, expiresAt) =>
      conn.run('certificates.acquireLease', async (db) => {
        const { rows } = await db.query(
          `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $4)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.holder = excluded.holder OR leases.expires_at <= $3
           RETURNING holder`,
          [name, holder, now, expiresAt],
        );
        const row = rows[0];
        return row !== undefined && text(row, 'holder') === holder;
      }),
    releaseLease: (name, holder) =>
      conn.run('certificates.releaseLease', async (db) => {
        await db.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
      }),
  };
}
