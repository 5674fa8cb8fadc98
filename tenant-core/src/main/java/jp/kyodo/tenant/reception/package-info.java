/** Reception numbers (受付番号): per city, per year, unique and without gaps, readable on the phone. */
package jp.kyodo.tenant.reception;
