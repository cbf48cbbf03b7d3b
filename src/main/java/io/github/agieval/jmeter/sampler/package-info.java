/**
 * Samplers for the AGI Evaluation Sandbox API, built on JMeter's HTTP stack (HTTPSamplerBase + HttpClient4).
 */
package io.github.agieval.jmeter.sampler;
