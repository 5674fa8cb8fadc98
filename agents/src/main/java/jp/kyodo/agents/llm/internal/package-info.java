/** Implementation of the city's model settings: the entity. */
package jp.kyodo.agents.llm.internal;
