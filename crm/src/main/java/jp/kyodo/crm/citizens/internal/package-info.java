/** Storage and validation of citizen records. */
package jp.kyodo.crm.citizens.internal;
