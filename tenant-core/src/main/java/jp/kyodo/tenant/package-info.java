/** Tenancy: which city (自治体) a request belongs to, resolved once per request and enforced by PostgreSQL row-level security. */
package jp.kyodo.tenant;
