/** Implementation of the knowledge base: Lucene/kuromoji analysis, per-tenant indexes, fusion, confidence. Not API. */
package jp.kyodo.agents.knowledge.internal;
