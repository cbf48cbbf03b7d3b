/**
 * HTTP and JSON helpers shared by every element family; nothing element-specific lives here.
 */
package io.github.agieval.jmeter.common;
