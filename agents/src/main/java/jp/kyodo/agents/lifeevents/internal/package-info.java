/** Implementation of the life-event bundles: the bundle YAML reader, the entities, the image check and the Tesseract run. */
package jp.kyodo.agents.lifeevents.internal;
