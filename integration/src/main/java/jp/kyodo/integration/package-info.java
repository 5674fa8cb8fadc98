/**
 * Integration with partner systems through Apache Camel: the outbox dispatcher, inbound pollers with an idempotent
 * consumer, per-city connector settings and the dead-letter view. How it runs: {@code internal/IntegrationRuntime}.
 */
package jp.kyodo.integration;
