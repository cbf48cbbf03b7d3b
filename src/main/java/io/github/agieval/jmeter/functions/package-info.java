/**
 * JMeter functions of the suite. JMeter's class finder loads functions only from packages whose
 * name contains {@code .functions.}, hence this package.
 * {@link io.github.agieval.jmeter.functions.ScaledFunction} ({@code ${__scaled(5000)}}) applies the
 * {@code TIME_SCALE} property to the stock elements of the shipped plans;
 * {@link io.github.agieval.jmeter.functions.WeightedChoiceFunction}
 * ({@code ${__weightedChoice(health:10,auth:15)}}) draws a weighted choice that follows the {@code SEED}
 * property per thread, like the generated data.
 */
package io.github.agieval.jmeter.functions;
