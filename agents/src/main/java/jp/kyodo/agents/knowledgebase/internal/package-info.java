/** Implementation of the knowledge base: its entities (entries, versions, synonyms), entry validation, uploads, city lifecycle. */
package jp.kyodo.agents.knowledgebase.internal;
