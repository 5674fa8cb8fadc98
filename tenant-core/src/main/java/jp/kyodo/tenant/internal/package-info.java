/** How tenancy is enforced: the per-transaction database binding, migrations and the city registry's storage. */
package jp.kyodo.tenant.internal;
