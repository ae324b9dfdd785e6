import type { AcmeAccountRecord, StoredCertificate } from '@gatehouse/core';
import { int, text, textOrNull, type ColumnValue, type Row } from '../sqlite/columns.ts';

/** The `acme_accounts` and `tls_certificates` tables as both adapters read and write them. */

export const ACME_ACCOUNT_COLUMNS = 'directory_url, key_pem, account_url, created_at';
export const CERTIFICATE_COLUMNS =
  'name, directory_url, cert_pem, key_pem, not_before, not_after, updated_at';

export function toAcmeAccount(row: Row): AcmeAccountRecord {
  return {
    directoryUrl: text(row, 'directory_url'),
    keyPem: text(row, 'key_pem'),
    accountUrl: textOrNull(row, 'account_url'),
    createdAt: int(row, 'created_at'),
  };
}

/** Values in `ACME_ACCOUNT_COLUMNS` order. */
export function acmeAccountValues(a: AcmeAccountRecord): readonly ColumnValue[] {
  return [a.directoryUrl, a.keyPem, a.accountUrl, a.createdAt];
}

export function toCertificate(row: Row): StoredCertificate {
  return {
    name: text(row, 'name'),
    directoryUrl: text(row, 'directory_url'),
    certPem: text(row, 'cert_pem'),
    keyPem: text(row, 'key_pem'),
    notBefore: int(row, 'not_before'),
    notAfter: int(row, 'not_after'),
    updatedAt: int(row, 'updated_at'),
  };
}

/** Values in `CERTIFICATE_COLUMNS` order. */
export function certificateValues(c: StoredCertificate): readonly ColumnValue[] {
  return [c.name, c.directoryUrl, c.certPem, c.keyPem, c.notBefore, c.notAfter, c.updatedAt];
}
