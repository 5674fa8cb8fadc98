/** The citizen portal (総合サービスポータル): pages and the citizen-facing APIs. */
package jp.kyodo.portal;
