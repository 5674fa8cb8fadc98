/** The dead-letter view: messages that failed for good, with the reason, to retry or discard. */
package jp.kyodo.integration.deadletters;
