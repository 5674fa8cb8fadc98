/** Implementation of the life-event bundles: the deterministic planner, the bundle YAML reader, the entities, the abandoned-bundle sweep, the image check and the Tesseract run. */
package jp.kyodo.agents.lifeevents.internal;
