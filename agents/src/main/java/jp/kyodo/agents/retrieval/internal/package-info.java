/** Implementation of retrieval: Lucene/kuromoji analysis, per-city indexes, query expansion, fusion, confidence, self-calibration. */
package jp.kyodo.agents.retrieval.internal;
