import type { CertificateRepository } from '@gatehouse/core';
import { ACME_ACCOUNT_COLUMNS, acmeAccountValues, toAcmeAccount } from '../rows/certificates.ts';
import { CERTIFICATE_COLUMNS, certificateValues, toCertificate } from '../rows/certificates.ts';
import { text, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';

/** ACME accounts, certificates and leases (migration 4). Single statements: atomic across nodes. */
export function createCertificateRepository(conn: SqliteConnection): CertificateRepository {
  const { db } = conn;
  const getAccount = db.prepare(
    `SELECT ${ACME_ACCOUNT_COLUMNS} FROM acme_accounts WHERE directory_url = ?`,
  );
  const insertAccount = db.prepare(
    `INSERT INTO acme_accounts (${ACME_ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?)
     ON CONFLICT (directory_url) DO NOTHING`,
  );
  const setAccountUrl = db.prepare(
    'UPDATE acme_accounts SET account_url = ? WHERE directory_url = ?',
  );
  const get = db.prepare(`SELECT ${CERTIFICATE_COLUMNS} FROM tls_certificates WHERE name = ?`);
  const list = db.prepare(`SELECT ${CERTIFICATE_COLUMNS} FROM tls_certificates ORDER BY name`);
  const put = db.prepare(
    `INSERT INTO tls_certificates (${CERTIFICATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET directory_url = excluded.directory_url,
       cert_pem = excluded.cert_pem, key_pem = excluded.key_pem,
       not_before = excluded.not_before, not_after = excluded.not_after,
       updated_at = excluded.updated_at`,
  );
  // One statement: of two nodes racing for a free lease, SQLite's write lock lets one win.
  const acquire = db.prepare(
    `INSERT INTO leases (name, holder, expires_at) VALUES (:name, :holder, :expiresAt)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= :now
     RETURNING holder`,
  );
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');

  return {
    getAccount: (directoryUrl) =>
      conn.run('certificates.getAccount', () => {
        const row = getAccount.get(directoryUrl);
        return row === undefined ? undefined : toAcmeAccount(row);
      }),
    putAccountIfAbsent: (a) =>
      conn.run('certificates.putAccountIfAbsent', () => {
        insertAccount.run(...acmeAccountValues(a));
        return toAcmeAccount(getAccount.get(a.directoryUrl) as Row);
      }),
    setAccountUrl: (directoryUrl, accountUrl) =>
      conn.run('certificates.setAccountUrl', () => {
        setAccountUrl.run(accountUrl, directoryUrl);
      }),
    get: (name) =>
      conn.run('certificates.get', () => {
        const row = get.get(name);
        return row === undefined ? undefined : toCertificate(row);
      }),
    put: (c) =>
      conn.run('certificates.put', () => {
        put.run(...certificateValues(c));
      }),
    list: () => conn.run('certificates.list', () => list.all().map(toCertificate)),
    acquireLease: (name, holder, now, expiresAt) =>
      conn.run('certificates.acquireLease', () => {
        const row = acquire.get({ name, holder, now, expiresAt });
        return row !== undefined && text(row, 'holder') === holder;
      }),
    releaseLease: (name, holder) =>
      conn.run('certificates.releaseLease', () => {
        release.run(name, holder);
      }),
  };
}
