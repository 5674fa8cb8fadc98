/** The citizen's inquiry pages (問合せ): contact form, "my inquiries", and each inquiry's thread. */
package jp.kyodo.portal.inquiries;
