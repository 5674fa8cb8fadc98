/** Vendor-facing city lifecycle API. */
package jp.kyodo.admin.cities;
