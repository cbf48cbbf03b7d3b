package io.github.agieval.jmeter.sandbox;

/** The API contract on the JDK's built-in HTTP server. */
class SandboxApiJdkTest extends SandboxApiContract {

    @Override
    SandboxConfig.Server server() {
        return SandboxConfig.Server.JDK;
    }
}
