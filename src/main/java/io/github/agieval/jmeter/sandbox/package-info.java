/**
 * The reference AGI Evaluation Sandbox API server: the embedded default target of plans, demo and tests.
 */
package io.github.agieval.jmeter.sandbox;
