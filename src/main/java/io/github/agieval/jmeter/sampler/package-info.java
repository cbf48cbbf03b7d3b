/**
 * Samplers for the AGI Evaluation Sandbox API, built on JMeter's HTTP stack (HTTPSamplerBase + HttpClient4).
 *
 * <p>Their helpers live here too, since nothing else uses them: {@link io.github.agieval.jmeter.sampler.Hc4Bridge}
 * (JMeter's HttpClient 4 implementation opened up for the samplers),
 * {@link io.github.agieval.jmeter.sampler.JsonFields} (one streaming pass over a response for a few
 * named fields; public only for its benchmark) and {@link io.github.agieval.jmeter.sampler.SecretMasker}
 * (passwords and tokens masked before a sample reaches a listener).
 */
package io.github.agieval.jmeter.sampler;
