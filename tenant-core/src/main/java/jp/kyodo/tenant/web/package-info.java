/**
 * The web layer's protections that apply to every response of both web modules (pages and API): security headers
 * ({@link jp.kyodo.tenant.web.SecurityHeaders}) and the HTTP session cookie's attributes
 * ({@link jp.kyodo.tenant.web.SessionCookiePolicy}). See docs/tenancy.md, "Threat model: the web layer".
 */
package jp.kyodo.tenant.web;
