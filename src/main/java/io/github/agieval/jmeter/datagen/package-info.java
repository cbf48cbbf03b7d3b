/**
 * The Datafaker-based data-generator config element and the offline test-data generator command.
 */
package io.github.agieval.jmeter.datagen;
