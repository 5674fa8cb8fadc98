/**
 * Periodic jobs of the application: {@link jp.kyodo.tenant.sweeps.CitySweeps}, the per-city sweep on the managed
 * scheduled executor (once per application, each active city bound in turn, a failing city skipped).
 */
package jp.kyodo.tenant.sweeps;
