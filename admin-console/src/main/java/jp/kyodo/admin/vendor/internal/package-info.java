/** How the vendor's jobs are stored and claimed (platform tables {@code vendor_job}, {@code vendor_job_row}). */
package jp.kyodo.admin.vendor.internal;
