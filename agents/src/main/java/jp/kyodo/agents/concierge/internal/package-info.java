/** Implementation of the concierge wiring: the application's knowledge indexes and the concierge tables' entities. */
package jp.kyodo.agents.concierge.internal;
