/** Pages for vendors (cities on this deployment) and national programme staff (statistics). */
package jp.kyodo.admin.pages;
