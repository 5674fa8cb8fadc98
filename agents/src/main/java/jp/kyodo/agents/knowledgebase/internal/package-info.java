/** Implementation of the knowledge base: entities, the secrets box and the index synchronisation. */
package jp.kyodo.agents.knowledgebase.internal;
