/** National programme statistics across cities, aggregated. */
package jp.kyodo.admin.national;
