/**
 * The command-line entry point of the plugin jar (java -jar ... &lt;command&gt;).
 */
package io.github.agieval.jmeter.cli;
