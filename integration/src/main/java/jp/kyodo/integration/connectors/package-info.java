/** Each city's connectors to partner systems: on/off, endpoint, account, secret (encrypted), schedule. */
package jp.kyodo.integration.connectors;
