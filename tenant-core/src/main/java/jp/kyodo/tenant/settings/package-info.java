/** Per-city settings: display name, branding, languages and enabled modules. */
package jp.kyodo.tenant.settings;
