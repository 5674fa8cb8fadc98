/** Server-rendered staff pages of the contact centre ({@code /c/<code>/staff/…}) and the page helpers they share. */
package jp.kyodo.crm.pages;
