/**
 * Samplers for the AGI Evaluation Sandbox API, built on JMeter's HTTP stack (HTTPSamplerBase + HttpClient4).
 *
 * <p>{@link io.github.agieval.jmeter.sampler.ApiSampler} is the samplers' template method; its parts:
 * {@code OutgoingRequest} (the request being sent, as JMeter's HTTP implementation reads it back),
 * {@code Relogin} (an expired token: re-login and one retry), {@code ApiResults} (filling, labelling
 * and masking the sample results) and {@code ApiContract} (expected status and the API's error shape,
 * the login exchange shared with the Login sampler).
 *
 * <p>Their helpers live here too, since nothing else uses them: {@link io.github.agieval.jmeter.sampler.Hc4Bridge}
 * (JMeter's HttpClient 4 implementation opened up for the samplers),
 * {@link io.github.agieval.jmeter.sampler.JsonFields} (one streaming pass over a response for a few
 * named fields; public only for its benchmark) and {@link io.github.agieval.jmeter.sampler.SecretMasker}
 * (passwords and tokens masked before a sample reaches a listener).
 */
package io.github.agieval.jmeter.sampler;
