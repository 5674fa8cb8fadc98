/**
 * What the vendor's console reads and runs across cities: per-city usage per month for billing, and the background
 * jobs of onboarding many cities from a CSV and of one city's export or import ({@link jp.kyodo.admin.vendor.VendorJobs}).
 */
package jp.kyodo.admin.vendor;
