/** What the vendor's console reads across cities: per-city usage per month for billing. */
package jp.kyodo.admin.vendor;
