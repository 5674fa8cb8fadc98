/** The citizen's pages for online applications (電子申請): start, fill in, review, submit, follow, answer, withdraw. */
package jp.kyodo.portal.applications;
