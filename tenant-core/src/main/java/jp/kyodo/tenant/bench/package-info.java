/** The benchmark's reference endpoint (bench/one-server): off unless the bench switches it on. */
package jp.kyodo.tenant.bench;
