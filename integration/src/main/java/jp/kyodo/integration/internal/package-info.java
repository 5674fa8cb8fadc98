/** How integration runs: the Camel context, its error handling, transactions, metrics and the routes. */
package jp.kyodo.integration.internal;
