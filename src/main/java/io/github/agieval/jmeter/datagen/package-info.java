/**
 * The Datafaker-based data-generator config element and the offline test-data generator command.
 *
 * <ul>
 * <li>{@link io.github.agieval.jmeter.datagen.DataGenerator}: the <b>AGI Data Generator</b> TestBean
 *     (its properties, settings checks, the run's seed and each thread's place in the test);
 *     {@code GeneratorSettings} parses and validates its settings.</li>
 * <li>{@code ThreadDataStream}: one thread's stream (seeds, iteration count, variable names) that
 *     publishes each iteration's request and scenario variables.</li>
 * <li>{@code EvalDataFaker}, {@code RequestBody}, {@code UserScenario}, {@code WordTable},
 *     {@code Seeds}, {@code SplitMixRandom}, {@code Numbers}: the generation itself.</li>
 * <li>{@code GenerateCommand}, {@code TestDataFiles}: the offline {@code generate} command.</li>
 * </ul>
 */
package io.github.agieval.jmeter.datagen;
