/** Implementation of the concierge: the retrieval-based answer and draft logic, hand-over and injection cues, the model answer path, its entities, warm-up and metrics. */
package jp.kyodo.agents.concierge.internal;
