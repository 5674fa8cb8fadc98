package jp.kyodo.agents.programmes;

import jakarta.validation.constraints.Size;

/**
 * Publish a version (null = the newest), or hide/show a programme.
 *
 * @param version the version to publish (null = newest)
 * @param hidden  for hide: true to hide from citizens, false to show again (null = true)
 * @param comment why
 */
public record PublishRequest(Integer version, Boolean hidden,
                             @Size(max = 2000, message = "コメントは2000文字以内です") String comment) { }
