/** A city administrator's own city: settings, accounts, audit trail. */
package jp.kyodo.admin.city;
